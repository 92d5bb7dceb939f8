package dev.fling.bench;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** Turns the figures of a run into the table, with its targets, and the section of docs/benchmarks.md around it. */
final class BenchmarkReport {

    private static final String MS = "%.1f ms";
    /** The counts run over a job's whole life in an as-fast-as-possible batch: launched, started, deleted, cancelled. */
    private static final String LIFE = "a launch, launched to cancelled: ";

    private BenchmarkReport() {}

    static Table table(Map<String, List<Double>> f, Size size) {
        String rate = "dispatch at " + size.rate() + "/s, produce -> FlinkDeployment created: ";
        Table table = new Table()
                .row(rate + "p50", MS, f.get("rate p50"))
                .row(rate + "p95", MS, f.get("rate p95"))
                .row(rate + "p99", MS, f.get("rate p99"), "<= 25 ms", v -> v <= 25)
                .row(rate + "max", MS, f.get("rate p100"))
                .row("floor at " + size.rate() + "/s (same launches, same round): p50", MS, f.get("floor rate p50"))
                .row("floor at " + size.rate() + "/s: p99", MS, f.get("floor rate p99"))
                .row("floor at " + size.rate() + "/s: max", MS, f.get("floor rate p100"))
                .row("dispatch as fast as possible: throughput", "%.0f/s", f.get("fast throughput"))
                .row("dispatch as fast as possible: p99 latency", MS, f.get("fast p99"))
                .row("floor (plain consumer, one create per record): throughput", "%.0f/s", f.get("floor throughput"))
                .row("floor: p99 latency", MS, f.get("floor p99"))
                .row("Fling throughput / floor throughput (same round)", "%.2fx", f.get("ratio"), ">= 0.8x",
                        v -> v >= 0.8)
                .row("CPU a launch, as fast as possible until all started: Fling's process", MS, f.get("cpu fling"))
                .row("CPU a launch, as fast as possible until all started: broker, API server, operator, load",
                        MS, f.get("cpu harness"))
                .row("CPU a launch, floor round until the operator is idle: all of it (one JVM)", MS,
                        f.get("cpu floor"))
                .row("system CPU a launch (Fling + what it causes) / the floor round's (same round)", "%.2fx",
                        f.get("cpu system ratio"), "<= 1.3x", v -> v <= 1.3)
                .row("hand-wired floor (the floor's consumer + one watch, an event a transition): throughput",
                        "%.0f/s", f.get("wired throughput"))
                .row("hand-wired floor: CPU a launch until all started (one JVM)", MS, f.get("cpu wired"))
                .row("hand-wired floor: records produced a launch, launched to cancelled", "%.2f",
                        f.get("records wired"))
                .row("hand-wired floor: bytes produced a launch (key, value, headers)", "%.0f B", f.get("bytes wired"))
                .row("Fling throughput / the hand-wired floor's (same round)", "%.2fx", f.get("wired ratio"))
                .row("system CPU a launch (Fling + what it causes) / the hand-wired floor's (same round)", "%.2fx",
                        f.get("cpu wired ratio"))
                .row("p99 at " + size.rate() + "/s / the floor's p99 at " + size.rate() + "/s (same round)", "%.2fx",
                        f.get("rate p99 ratio"), "<= 2x", v -> v <= 2)
                .row(LIFE + "API server requests from Fling, all verbs", "%.2f", f.get("calls fling"))
                .row(LIFE + "API server requests from Fling: creates", "%.2f", f.get("calls fling CREATE"))
                .row(LIFE + "API server requests from Fling: merge patches", "%.2f", f.get("calls fling PATCH"))
                .row(LIFE + "API server requests from Fling: updates", "%.2f", f.get("calls fling UPDATE"))
                .row(LIFE + "API server requests from Fling: gets", "%.2f", f.get("calls fling GET"))
                .row(LIFE + "API server requests from Fling: lists", "%.2f", f.get("calls fling LIST"))
                .row(LIFE + "API server requests from Fling: watches opened", "%.2f", f.get("calls fling WATCH"))
                .row(LIFE + "API server requests from Fling: deletes", "%.2f", f.get("calls fling DELETE"))
                .row(LIFE + "API server requests from the floor, all verbs (creates)", "%.2f", f.get("calls floor"))
                .row(LIFE + "API server requests from the testing operator, Fling's round", "%.2f",
                        f.get("calls operator fling"))
                .row(LIFE + "API server requests from the testing operator, the floor's round", "%.2f",
                        f.get("calls operator floor"))
                .row(LIFE + "watch events the API server sent Fling (the floor watches nothing)", "%.2f",
                        f.get("watch events fling"))
                .row(LIFE + "records Fling produced to Kafka (`fling.events`; the floor: none)", "%.2f",
                        f.get("records fling"))
                .row(LIFE + "bytes Fling produced to Kafka (key, value, headers)", "%.0f B", f.get("bytes fling"))
                .row(LIFE + "Fling's requests / (create + one patch per reported transition + delete)", "%.2fx",
                        f.get("calls bound"), "<= 1x", v -> v <= 1)
                .row("dispatch warm-up: batches until Fling's CPU a launch settled", "%.0f", f.get("warm-up batches"))
                .row("with three tenants and quotas (every launch queued, let in at once): throughput", "%.0f/s",
                        f.get("tenants throughput"))
                .row("with tenants and quotas: p99 latency", MS, f.get("tenants p99"))
                .row("with tenants and quotas: CPU a launch, Fling's process", MS, f.get("tenants cpu fling"))
                .row("completion, FINISHED written -> `succeeded` consumed: p50", MS, f.get("completion p50"))
                .row("completion, FINISHED written -> `succeeded` consumed: p99", MS, f.get("completion p99"),
                        "<= 100 ms", v -> v <= 100)
                .row("JVM start -> ready (`java -jar`, as the README runs it)", "%.2f s", f.get("start"), "<= 2.5 s",
                        v -> v <= 2.5)
                .row("JVM start -> ready, with an AppCDS archive (`-XX:SharedArchiveFile`)", "%.2f s",
                        f.get("start cds"), "<= 2.5 s", v -> v <= 2.5)
                .row("JVM start -> ready, the baseline: an empty Quarkus app with Fling's extensions (`java -jar`)",
                        "%.2f s", f.get("start baseline"))
                .row("Fling's start / the baseline's (same round)", "%.2fx", f.get("start ratio"), "<= 1.5x",
                        v -> v <= 1.5)
                .row("CPU spent by ready (user + system, every thread): Fling", "%.2f s", f.get("start cpu"))
                .row("CPU spent by ready: the baseline", "%.2f s", f.get("start baseline cpu"))
                .row("Fling's start CPU / the baseline's (same round; what other load changes least)", "%.2fx",
                        f.get("start cpu ratio"))
                .row("heap after full GC, idle", "%.1f MB", f.get("idle heap"))
                .row("RSS, idle", "%.1f MB", f.get("idle rss"));
        for (int tracked : size.tracked()) {
            String jobs = String.format("%,d tracked jobs", tracked);
            table.row("heap after full GC, " + jobs, "%.1f MB", f.get("heap " + tracked))
                    .row("RSS, " + jobs, "%.1f MB", f.get("rss " + tracked))
                    .row("heap per tracked job (" + jobs + " - idle)", "%.1f KB", f.get("per job " + tracked),
                            "<= 10 KB", v -> v <= 10);
        }
        String http = "HTTP ingress, " + size.httpConcurrency() + " concurrent clients: ";
        return table.row(http + "requests/s", "%.0f/s", f.get("http throughput"))
                .row(http + "p50", MS, f.get("http p50"))
                .row(http + "p99", MS, f.get("http p99"));
    }

    static String section(Table table, Size size, double minutes, boolean busy) {
        return FlingBenchmark.heading(size, busy) + "\n\n"
                + "Measured " + LocalDate.now() + " on " + Runtime.getRuntime().availableProcessors() + " cores, "
                + size.name() + " size, in " + String.format("%.1f", minutes) + " minutes: " + size.rounds()
                + " rounds after one warm-up round of each phase (dispatch: batches as fast as possible through "
                + "Fling and the floor until Fling's CPU a launch falls by less than a tenth from one batch to the "
                + "next, at least four, at most six); min, median and max are across rounds, and each target is "
                + "held against the median.\n\n"
                + "Method: a real Kafka broker (KRaft, one partition per topic) and the fabric8 mock API server in "
                + "CRUD mode with the testing operator run in the benchmark's JVM; Fling runs as users run it "
                + "(the packaged JVM build, operator runtime, `-Xmx" + System.getProperty("fling.process.heap", "256m")
                + "`, its own process, logging at INFO, a bearer token for the API server as in a pod). "
                + "Times come from one clock, the benchmark JVM's: the mock server's dispatcher notes when it "
                + "served each FlinkDeployment create and each status write (its creationTimestamp has 1 s "
                + "resolution), a consumer of `fling.events` notes when each event arrives.\n\n"
                + "- *Dispatch*: " + String.format("%,d", size.requests()) + " launches (binary mode, "
                + "`linger.ms=0`) produced at " + size.rate() + "/s, then " + String.format("%,d", size.requests())
                + " as fast as the producer takes them; latency runs from the send to the API server serving "
                + "the create, throughput is launches over first send to last create. Each round then waits "
                + "until every job is reported `started` and the testing operator is idle. CPU a launch is the "
                + "CPU time Fling's process and the benchmark's JVM used from the first send until then, over the "
                + "launches (`ProcessHandle.Info.totalCpuDuration`).\n"
                + "- *Counts*: over each as-fast-as-possible batch's whole life (launched, started, deleted by "
                + "the benchmark, reported `cancelled`), over its launches, counted outside Fling: the mock API "
                + "server counts the requests it serves by caller (Fling by its bearer token, the floor and the "
                + "benchmark's clean-up by their user agents, the rest is the testing operator) and verb, and "
                + "every change to a deployment labelled as Fling's (one event on Fling's one watch); the "
                + "benchmark's consumer of `fling.events` counts the records keyed by the batch's jobs and their "
                + "serialized key, value and header bytes. The floor's counts run over the same span of its "
                + "batch (created, operator idle, deleted).\n"
                + "- *Floor*: in the same round, on the same broker and API server, a plain `KafkaConsumer` loop "
                + "(in the benchmark's JVM) that creates one FlinkDeployment per record with no validation, "
                + "no events and no tracking, fed the same launches at the same fixed rate (what the broker, the "
                + "API server and the machine give a create at that rate without Fling) and as fast as "
                + "possible.\n"
                + "- *Hand-wired floor*: in the same round, what a user who wires the operator to a workflow "
                + "engine by hand adds to the floor to learn of a job's life, as cheaply as that can be done: the "
                + "floor's consumer (in a namespace of its own) and one informer on its FlinkDeployments that "
                + "sends a structured CloudEvent to Kafka (acks=all, idempotent, no linger, fire and forget) when "
                + "one is created (`accepted`), when its job first runs (`started`) and when it is deleted "
                + "(`cancelled`), read by a consumer like Fling's events; no validation, policy, tracking or "
                + "retries. As fast as possible; its CPU a launch runs, like Fling's, until every `started` has "
                + "reached the consumer and the operator is idle. Not a target: it says what Fling's events "
                + "and watch cost against the least that delivers the same.\n"
                + "- *With tenants and quotas*: after the other phases, a second Fling (the plain one stopped: "
                + "the two would share the partitions) with three tenants, per-tenant and global limits set far "
                + "above what a batch needs, so that every launch is checked against its tenant, created "
                + "waiting (suspended) and let in by the queue (a second write to the API server): four "
                + "warm-up batches, then the same as-fast-as-possible batches; compare with the plain Fling's. "
                + "Its throughput, like the plain one's, runs to the last create (here the suspended one); its CPU "
                + "a launch runs until every job is `started`, so it includes the queue letting each one in.\n"
                + "- *Completion*: " + String.format("%,d", size.completions()) + " running jobs turned FINISHED "
                + "(launched for the round, untimed) by the testing operator, " + size.completionRate()
                + " a second; latency runs from the API "
                + "server serving that status write to `succeeded` reaching the consumer.\n"
                + "- *Footprint*: heap in use right after a full collection (`jcmd GC.run`, `GC.heap_info`) and "
                + "RSS (`/proc/<pid>/status`) of Fling idle, and with that many jobs launched through it and "
                + "running; per job is the heap's growth over idle divided by the jobs. These launches are "
                + "also Fling's warm-up. So that these full collections do not leave the later phases a shrunken "
                + "heap, this Fling runs with `-XX:MaxHeapFreeRatio=100` (and a GC log, and a flight recording from "
                + "its start, whose buffers the RSS includes).\n"
                + "- *Start*: JVM start to `/q/health/ready` answering 200, polled every 10 ms, with no jobs, "
                + "alternately as the README runs it, with an AppCDS archive of the classes one training start "
                + "loaded (`-XX:ArchiveClassesAtExit`, then `-XX:SharedArchiveFile`), and the baseline: an empty "
                + "Quarkus application with Fling's Quarkus extensions and version, no code, built by the "
                + "benchmark (`target/bench-baseline-app`) and started the same way; the first round is not "
                + "counted. The CPU by ready is the JVM's user and system time when readiness first answers "
                + "200 (`ProcessHandle.info().totalCpuDuration()`): on a loaded machine the wall-clock ratio "
                + "also measures how the other load shares the cores, the CPU ratio much less.\n"
                + "- *HTTP ingress*: " + String.format("%,d", size.httpRequests()) + " structured launches POSTed "
                + "to `/` by " + size.httpConcurrency() + " clients (JDK HttpClient, HTTP/1.1), each sending its "
                + "next request when the 202 arrives.\n\n"
                + "The footprint's jobs (" + String.format("%,d", size.tracked().get(size.tracked().size() - 1))
                + ") stay tracked for the rest of the run; every other batch is deleted once measured (one "
                + "delete by label, then Fling reports the running ones `cancelled`), so each phase runs with "
                + "those and its own. Everything shares the two cores; figures taken while other builds ran on "
                + "the machine are noisier."
                + (busy ? " With `--busy`, a CPU hog of a fixed size runs beside everything for the whole "
                        + "measurement (one shell loop spinning, as much as one core, started by scripts/bench after "
                        + "the build), so that the machine is CPU-bound on purpose." : "")
                + "\n\n"
                + table.markdown();
    }
}
