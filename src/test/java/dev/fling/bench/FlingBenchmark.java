package dev.fling.bench;

import dev.fling.runtime.operator.model.FlinkDeployment;
import dev.fling.testing.BenchmarkDoc;
import dev.fling.testing.FlingProcess;
import dev.fling.testing.KafkaBroker;
import dev.fling.testing.MockKubernetes;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * scripts/bench: dispatch latency and throughput against the floor, completion latency, footprint,
 * start-up and HTTP ingress of Fling as users run it (the packaged JVM build, operator runtime,
 * its own process), against a real Kafka broker and the mock API server with the testing
 * operator, all in one run. Prints a table and writes it, with the method, to docs/benchmarks.md.
 * Arguments: {@code --full} for the full size, {@code --smoke} to check that it runs.
 */
public final class FlingBenchmark {

    /** Each size keeps its own section: the default run's and the full run's figures stand side by side. */
    static String heading(Size size, boolean busy) {
        return "## Dispatch, completion and footprint (scripts/bench" + (size == Size.FULL ? " --full" : "")
                + (busy ? " --busy" : "") + ")";
    }
    private static final String REQUESTS = "fling.requests";
    private static final String FLOOR_REQUESTS = "floor.requests";
    private static final String FLOOR_NAMESPACE = "floor";
    /** The hand-wired floor: the plain floor plus a watch and an event a transition ({@link FloorEvents}). */
    private static final String WIRED_REQUESTS = "wired.requests";
    private static final String WIRED_EVENTS = "wired.events";
    private static final String WIRED_NAMESPACE = "wired";
    private static final String NAMESPACE = "default";
    private static final String STARTED = "dev.fling.job.started";
    private static final String CANCELLED = "dev.fling.job.cancelled";
    private static final Duration QUIET = Duration.ofMillis(500);
    /** Fewer stopped too early: in one run CPU a launch went 9.2, 7.1, 6.7 ms, then 4.2 and 2.2 in the counted rounds. */
    private static final int MIN_WARM_UPS = 4;
    private static final int MAX_WARM_UPS = 6;
    /** Warm once a batch's CPU a launch is no more than this much below the batch before it. */
    private static final double SETTLED = 0.9;
    private static final Duration CATCH_UP = Duration.ofMinutes(5);

    private final Size size;
    /** Whether scripts/bench runs a CPU hog beside the run ({@code --busy}): a section of its own. */
    private final boolean busy;
    private final KafkaBroker kafka;
    private final MockKubernetes kubernetes;
    private final ServedClock clock;
    private final LaunchProducer producer;
    private final EventClock events;
    /** The hand-wired floor's events, while its consumer and watch run ({@link #run}). */
    private EventClock wired;
    private final KubernetesClient cleaner;
    private final Map<String, List<Double>> figures = new java.util.LinkedHashMap<>();
    private final long began = System.nanoTime();

    private FlingBenchmark(Size size, boolean busy, KafkaBroker kafka, MockKubernetes kubernetes, ServedClock clock) {
        this.size = size;
        this.busy = busy;
        this.kafka = kafka;
        this.kubernetes = kubernetes;
        this.clock = clock;
        this.producer = new LaunchProducer(kafka.bootstrapServers());
        this.events = new EventClock(kafka.bootstrapServers(), "fling.events");
        // The mock serves a delete of 5,000 deployments (a watch event each to the operator and to
        // Fling) in 10 s or more, under its one lock; the client's default timeout is 10 s.
        this.cleaner = client(ApiCalls.CLEANER_AGENT, (int) CATCH_UP.toMillis());
    }

    /** A client of the mock API server that the request count tells apart by its user agent. */
    private KubernetesClient client(String userAgent, int requestTimeoutMillis) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(kubernetes.client().getConfiguration())
                .withRequestTimeout(requestTimeoutMillis).withUserAgent(userAgent).build()).build();
    }

    public static void main(String[] args) throws Exception {
        List<String> options = List.of(args);
        Size size = options.contains("--full") ? Size.FULL : options.contains("--smoke") ? Size.SMOKE : Size.DEFAULT;
        boolean busy = options.contains("--busy");
        BenchEnvironment.runAndExit(environment -> new FlingBenchmark(size, busy, environment.kafka(),
                environment.kubernetes(), environment.clock()).run(), REQUESTS, "fling.events", "fling.requests.dlq",
                FLOOR_REQUESTS, WIRED_REQUESTS, WIRED_EVENTS);
    }

    private void run() throws Exception {
        Map<String, String> environment = new BenchEnvironment(kafka, kubernetes, clock).flingEnvironment();
        FlingProcess fling = startUp(environment);
        try (fling; KubernetesClient floorClient = client(ApiCalls.FLOOR_AGENT,
                kubernetes.client().getConfiguration().getRequestTimeout());
                FloorConsumer floorConsumer = new FloorConsumer(kafka.bootstrapServers(), FLOOR_REQUESTS, floorClient,
                        FLOOR_NAMESPACE);
                FloorConsumer wiredConsumer = new FloorConsumer(kafka.bootstrapServers(), WIRED_REQUESTS, floorClient,
                        WIRED_NAMESPACE);
                FloorEvents wiredEvents = new FloorEvents(kafka.bootstrapServers(), WIRED_EVENTS, floorClient,
                        WIRED_NAMESPACE, FloorConsumer.MANAGED_BY);
                EventClock wiredClock = new EventClock(kafka.bootstrapServers(), WIRED_EVENTS)) {
            this.wired = wiredClock;
            footprint(fling);
            dispatch(new CpuClock(fling.pid()));
            completion();
            httpIngress(fling);
        }
        withTenants(environment);
        report();
    }

    /**
     * The same launches as fast as possible through a Fling with three tenants and quotas set (so
     * every launch is created waiting and let in by the queue), limits far above what the batch
     * needs: the cost of the tenant check and the queue per launch. Its own warm-up, after the
     * plain Fling's rounds in the same run (one Fling at a time: they would share the partitions).
     */
    private void withTenants(Map<String, String> plain) throws Exception {
        Map<String, String> environment = new java.util.HashMap<>(plain);
        environment.put("FLING_TENANTS_BENCH_SOURCES", "/tests/*");
        environment.put("FLING_TENANTS_BENCH_MAX_RUNNING_JOBS", "1000000");
        environment.put("FLING_TENANTS_BENCH_MAX_TOTAL_PARALLELISM", "1000000");
        environment.put("FLING_TENANTS_OTHER_SOURCES", "/other/*");
        environment.put("FLING_TENANTS_OTHER_MAX_RUNNING_JOBS", "10");
        environment.put("FLING_TENANTS_THIRD_SOURCES", "/third/*,/third-exact");
        environment.put("FLING_QUOTA_MAX_RUNNING_JOBS", "1000000");
        try (FlingProcess fling = FlingProcess.start("bench-tenants", environment)) {
            fling.awaitReady();
            clock.awaitQuiet(Duration.ofSeconds(2), CATCH_UP);
            CpuClock cpu = new CpuClock(fling.pid());
            for (int batch = 1; batch <= MIN_WARM_UPS; batch++) {
                Batch warm = asFastAsPossible(cpu, "tenantswarm" + batch);
                progress("tenants warm " + batch, String.format("as fast as possible %.0f/s (CPU a launch %.2f ms)",
                        warm.round().perSecond(), warm.cpu().fling()));
            }
            for (int round = 1; round <= size.rounds(); round++) {
                Batch batch = asFastAsPossible(cpu, "tenants" + round);
                progress("tenants " + round, String.format("as fast as possible %.0f/s (p99 %.0f ms, CPU a launch "
                        + "%.2f ms Fling)", batch.round().perSecond(), batch.round().percentile(99), batch.cpu().fling()));
                figure("tenants throughput", batch.round().perSecond());
                figure("tenants p99", batch.round().percentile(99));
                figure("tenants cpu fling", batch.cpu().fling());
            }
        }
    }

    /**
     * Start-up as the README runs it, and with an AppCDS archive made by one training start
     * ({@code -XX:ArchiveClassesAtExit}), alternating so that both see the same machine; round 0
     * warms the disk cache and is not counted. Returns a Fling started as the README runs it
     * (plus a GC log), for the other phases.
     */
    private FlingProcess startUp(Map<String, String> environment) throws Exception {
        Path archive = Path.of("target", "bench-fling-cds.jsa").toAbsolutePath();
        Files.deleteIfExists(archive);
        StartupProbe.start("bench-cds-training", withJvmOption(environment, "-XX:ArchiveClassesAtExit=" + archive))
                .fling().close(); // the archive is written as the JVM exits
        Map<String, String> withArchive = withJvmOption(environment, "-XX:SharedArchiveFile=" + archive);
        long building = System.nanoTime();
        Path baseline = BaselineApp.build();
        progress("baseline", String.format("empty Quarkus app with Fling's extensions built in %.0f s",
                (System.nanoTime() - building) / 1e9));
        for (int round = 0; round <= size.rounds(); round++) {
            StartupProbe.Started plain = startAndKill(environment);
            double cds = startAndKill(withArchive).seconds();
            BaselineApp.Ready empty = BaselineApp.secondsToReady(baseline, System.getProperty("fling.process.heap", "256m"));
            progress("start " + round, String.format("ready %.2f s after JVM start (CPU %.2f s), %.2f s with AppCDS; "
                    + "the empty app %.2f s (CPU %.2f s)", plain.seconds(), plain.cpuSeconds(), cds, empty.seconds(),
                    empty.cpuSeconds()));
            if (round > 0) {
                figure("start", plain.seconds());
                figure("start cds", cds);
                figure("start baseline", empty.seconds());
                figure("start ratio", plain.seconds() / empty.seconds());
                figure("start cpu", plain.cpuSeconds());
                figure("start baseline cpu", empty.cpuSeconds());
                figure("start cpu ratio", plain.cpuSeconds() / empty.cpuSeconds());
            }
        }
        // The footprint probe's full collections would make G1 hand memory back (MaxHeapFreeRatio), and
        // every later phase would run in a heap shrunk to a quarter, collecting four times as often;
        // a Fling that nobody runs jcmd GC.run on keeps its heap. The flight recording, for explaining
        // what misses its target (JFR's default settings cost about 1 %), runs from the start: started
        // with jcmd after the footprint, it set off about 6,000 more JIT compilations (half a minute of
        // a core, JFR's compiler statistics) in the dispatch rounds that followed.
        return StartupProbe.start("bench", withJvmOption(environment, "-XX:MaxHeapFreeRatio=100 -Xlog:gc:file="
                + Path.of("target", "bench-fling-gc.log").toAbsolutePath()
                + " -XX:StartFlightRecording=settings=default,dumponexit=true,filename="
                + Path.of("target", "bench-fling.jfr").toAbsolutePath())).fling();
    }

    private static StartupProbe.Started startAndKill(Map<String, String> environment) throws Exception {
        StartupProbe.Started started = StartupProbe.start("bench-start", environment);
        started.fling().kill(); // a graceful stop takes seconds and measures nothing
        return started;
    }

    /** The JVM picks options up from JAVA_TOOL_OPTIONS; FlingProcess's command line stays as users type it. */
    private static Map<String, String> withJvmOption(Map<String, String> environment, String option) {
        Map<String, String> with = new java.util.HashMap<>(environment);
        with.put("JAVA_TOOL_OPTIONS", option);
        return with;
    }

    /** Idle, then with each number of tracked jobs (launched through Fling, all running); these launches warm Fling up. */
    private void footprint(FlingProcess fling) throws Exception {
        clock.awaitQuiet(Duration.ofSeconds(2), CATCH_UP);
        FootprintProbe.Footprint idle = FootprintProbe.of(fling.pid());
        histogram(fling, 0);
        figure("idle heap", idle.heapBytes() / 1e6);
        figure("idle rss", idle.rssBytes() / 1e6);
        int tracked = 0;
        for (int target : size.tracked()) {
            Launches launches = Launches.of("tracked", target - tracked);
            DispatchRound.run(producer, clock, REQUESTS, launches, 0);
            awaitRunning(launches);
            tracked = target;
            FootprintProbe.Footprint full = FootprintProbe.of(fling.pid());
            figure("heap " + target, full.heapBytes() / 1e6);
            figure("rss " + target, full.rssBytes() / 1e6);
            figure("per job " + target, (full.heapBytes() - idle.heapBytes()) / 1e3 / target);
            progress("footprint", String.format("%d tracked jobs: heap %.1f MB, RSS %.1f MB", target,
                    full.heapBytes() / 1e6, full.rssBytes() / 1e6));
            histogram(fling, target);
        }
    }

    /** What the heap holds, by class, for explaining the figure (taken right after the probe's full GC). */
    private static void histogram(FlingProcess fling, int tracked) throws Exception {
        Files.writeString(Path.of("target", "bench-fling-histogram-" + tracked + ".txt"),
                FootprintProbe.jcmd(fling.pid(), "GC.class_histogram"));
    }

    /**
     * Warm-up, then rounds of Fling at a fixed rate, Fling as fast as possible, and the floor as
     * fast as possible.
     */
    private void dispatch(CpuClock cpu) {
        figure("warm-up batches", warmUp(cpu));
        for (int round = 1; round <= size.rounds(); round++) {
            Launches fixed = Launches.of("fixed" + round, size.requests());
            Round atRate = DispatchRound.run(producer, clock, REQUESTS, fixed, size.rate());
            awaitRunning(fixed);
            remove(fixed, true);
            Round floorAtRate = floor(cpu, "floorfixed" + round, size.rate()).round();
            Batch viaFling = asFastAsPossible(cpu, "fast" + round);
            Batch viaFloor = floor(cpu, "floor" + round, 0);
            Batch viaWired = handWired(cpu, "wired" + round);
            Round flat = viaFling.round();
            Round floor = viaFloor.round();
            CpuClock.Reading flingCpu = viaFling.cpu();
            CpuClock.Reading floorCpu = viaFloor.cpu();
            progress("dispatch " + round, String.format("at %d/s p50 %.1f ms p99 %.1f ms max %.1f ms "
                    + "(floor p99 %.1f ms); as fast as possible %.0f/s (p99 %.0f ms, CPU a launch %.2f ms Fling "
                    + "+ %.2f ms harness); floor %.0f/s (CPU %.2f ms); hand-wired %.0f/s (CPU %.2f ms)", size.rate(),
                    atRate.percentile(50), atRate.percentile(99), atRate.percentile(100), floorAtRate.percentile(99),
                    flat.perSecond(), flat.percentile(99), flingCpu.fling(), flingCpu.harness(), floor.perSecond(),
                    floorCpu.harness(), viaWired.round().perSecond(), viaWired.cpu().harness()));
            for (int p : new int[] {50, 95, 99, 100}) {
                figure("rate p" + p, atRate.percentile(p));
                figure("floor rate p" + p, floorAtRate.percentile(p));
            }
            figure("fast throughput", flat.perSecond());
            figure("fast p99", flat.percentile(99));
            figure("floor throughput", floor.perSecond());
            figure("floor p99", floor.percentile(99));
            figure("ratio", flat.perSecond() / floor.perSecond());
            figure("cpu fling", flingCpu.fling());
            figure("cpu harness", flingCpu.harness());
            figure("cpu floor", floorCpu.harness());
            figure("cpu system ratio", (flingCpu.fling() + flingCpu.harness()) / floorCpu.harness());
            figure("wired throughput", viaWired.round().perSecond());
            figure("wired ratio", flat.perSecond() / viaWired.round().perSecond());
            figure("cpu wired", viaWired.cpu().harness());
            figure("cpu wired ratio", (flingCpu.fling() + flingCpu.harness()) / viaWired.cpu().harness());
            figure("records wired", viaWired.costs().records());
            figure("bytes wired", viaWired.costs().bytes());
            figure("rate p99 ratio", atRate.percentile(99) / floorAtRate.percentile(99));
            costs(viaFling.costs(), viaFloor.costs());
        }
    }

    /** A batch of launches, and the CPU each cost (see {@link CpuClock}) and what each asked of the others. */
    private record Batch(Round round, CpuClock.Reading cpu, Costs costs) {}

    /**
     * What one launch asked of the others over its whole life in a batch (launched, started, deleted
     * by the benchmark, reported cancelled), counted outside Fling: API server requests by caller and
     * verb and watch events sent to Fling ({@link ApiCalls}), records and bytes on the events topic.
     */
    private record Costs(ApiCalls.PerJob calls, double records, double bytes) {}

    /** Launches produced as fast as possible through Fling, until all are started; then removed. */
    private Batch asFastAsPossible(CpuClock cpu, String prefix) {
        Launches launches = Launches.of(prefix, size.requests());
        return reported(cpu, launches, REQUESTS, events, () -> delete(NAMESPACE, Launches.PHASE, launches.prefix()));
    }

    /**
     * A batch through a path that reports each job's life as events (Fling, or the hand-wired
     * floor): produced to its requests topic as fast as possible, its CPU counted until every job's
     * {@code started} has reached the events' consumer and the operator is idle; then its
     * deployments deleted (as a user cleaning up would) and every {@code cancelled} awaited, so the
     * next phase starts with none of them, and what the batch asked of the others counted.
     */
    private Batch reported(CpuClock cpu, Launches launches, String topic, EventClock reports, Runnable deleteAll) {
        ApiCalls.Snapshot calls = clock.calls().snapshot();
        CpuClock.Reading before = cpu.read();
        Round round = DispatchRound.run(producer, clock, topic, launches, 0);
        reports.awaitAll(STARTED, launches.jobs(), CATCH_UP);
        clock.awaitQuiet(QUIET, CATCH_UP);
        CpuClock.Reading used = cpu.read().perRequest(before, launches.size());
        deleteAll.run();
        reports.awaitAll(CANCELLED, launches.jobs(), CATCH_UP);
        clock.awaitQuiet(QUIET, CATCH_UP);
        EventClock.Produced produced = reports.produced(launches.jobs());
        return new Batch(round, used, new Costs(clock.calls().snapshot().perJob(calls, launches.size()),
                (double) produced.records() / launches.size(), (double) produced.bytes() / launches.size()));
    }

    /**
     * The same through the floor (at a fixed rate, or as fast as possible: 0), until the testing
     * operator is idle; then removed.
     */
    private Batch floor(CpuClock cpu, String prefix, int perSecond) {
        ApiCalls.Snapshot calls = clock.calls().snapshot();
        CpuClock.Reading before = cpu.read();
        Round round = DispatchRound.run(producer, clock, FLOOR_REQUESTS, Launches.of(prefix, size.requests()), perSecond);
        clock.awaitQuiet(QUIET, CATCH_UP);
        CpuClock.Reading used = cpu.read().perRequest(before, size.requests());
        delete(FLOOR_NAMESPACE, FloorConsumer.LABEL, FloorConsumer.MANAGED_BY);
        clock.awaitQuiet(QUIET, CATCH_UP);
        // The floor produces nothing to Kafka.
        return new Batch(round, used, new Costs(clock.calls().snapshot().perJob(calls, size.requests()), 0, 0));
    }

    /**
     * The same as fast as possible through the hand-wired floor (the plain floor's consumer, and a
     * watch that sends an event a transition, {@link FloorEvents}), measured as Fling's batch.
     */
    private Batch handWired(CpuClock cpu, String prefix) {
        return reported(cpu, Launches.of(prefix, size.requests()), WIRED_REQUESTS, wired,
                () -> delete(WIRED_NAMESPACE, FloorConsumer.LABEL, FloorConsumer.MANAGED_BY));
    }

    /**
     * Batches as fast as possible through Fling and through the floor until Fling's CPU a launch
     * stops falling. With a fixed two warm-up rounds, the JIT was still compiling the dispatch path
     * through the counted rounds on two cores (JFR: a core's worth of compilation through the first
     * minute of dispatch; Fling's CPU a launch 12, 6, 3.8, 2.8, 2.9 ms round by round), and the first
     * counted round was the slowest in every run. Returns how many batches it took.
     */
    private int warmUp(CpuClock cpu) {
        double previous = Double.MAX_VALUE;
        for (int batch = 1; batch <= MAX_WARM_UPS; batch++) {
            Batch fling = asFastAsPossible(cpu, "warm" + batch);
            Batch floor = floor(cpu, "floorwarm" + batch, 0);
            handWired(cpu, "wiredwarm" + batch);
            double perLaunch = fling.cpu().fling();
            progress("warm-up " + batch, String.format("as fast as possible %.0f/s (CPU a launch %.2f ms Fling); "
                    + "floor %.0f/s", fling.round().perSecond(), perLaunch, floor.round().perSecond()));
            if (batch >= MIN_WARM_UPS && perLaunch > previous * SETTLED) {
                return batch;
            }
            previous = perLaunch;
        }
        return MAX_WARM_UPS;
    }

    /** What a launch asked of the API server and Kafka, through Fling and through the floor (same round). */
    private void costs(Costs fling, Costs floor) {
        for (ApiCalls.Verb verb : ApiCalls.Verb.values()) {
            figure("calls fling " + verb, fling.calls().of(ApiCalls.Caller.FLING, verb));
        }
        figure("calls fling", fling.calls().of(ApiCalls.Caller.FLING));
        figure("calls floor", floor.calls().of(ApiCalls.Caller.FLOOR));
        figure("calls operator fling", fling.calls().of(ApiCalls.Caller.OPERATOR));
        figure("calls operator floor", floor.calls().of(ApiCalls.Caller.OPERATOR));
        figure("watch events fling", fling.calls().flingWatchEvents());
        figure("records fling", fling.records());
        figure("bytes fling", fling.bytes());
        // The bound: the create, one patch per transition reported (each is one record), the delete.
        figure("calls bound", fling.calls().of(ApiCalls.Caller.FLING) / (1 + fling.records() + 1));
    }

    /** Rounds of running jobs (launched for the round, untimed) finished at a fixed rate; round 0 warms up. */
    private void completion() {
        for (int round = 0; round <= size.rounds(); round++) {
            Launches launches = Launches.of("done" + round, size.completions());
            DispatchRound.run(producer, clock, REQUESTS, launches, 0);
            awaitRunning(launches);
            Round done = CompletionRound.run(kubernetes.operator(), clock, events, NAMESPACE, launches.jobs(),
                    size.completionRate());
            clock.awaitQuiet(QUIET, CATCH_UP);
            remove(launches, false);
            progress("completion " + round, String.format("p50 %.1f ms p99 %.1f ms max %.1f ms",
                    done.percentile(50), done.percentile(99), done.percentile(100)));
            if (round > 0) {
                figure("completion p50", done.percentile(50));
                figure("completion p99", done.percentile(99));
            }
        }
    }

    private void httpIngress(FlingProcess fling) throws Exception {
        for (int round = 0; round <= size.rounds(); round++) {
            Launches launches = Launches.of("http" + round, size.httpRequests());
            Round http = HttpIngressRound.run(fling.baseUri(), launches, size.httpConcurrency());
            awaitRunning(launches);
            remove(launches, true);
            progress("http " + round, String.format("%.0f requests/s, p50 %.1f ms p99 %.1f ms",
                    http.perSecond(), http.percentile(50), http.percentile(99)));
            if (round > 0) {
                figure("http throughput", http.perSecond());
                figure("http p50", http.percentile(50));
                figure("http p99", http.percentile(99));
            }
        }
    }

    /** Waits until Fling reported every job started and the testing operator is done with them. */
    private void awaitRunning(Launches launches) {
        events.awaitAll(STARTED, launches.jobs(), CATCH_UP);
        clock.awaitQuiet(QUIET, CATCH_UP);
    }

    /**
     * Deletes a measured batch's FlinkDeployments, as a user cleaning up would, and waits until
     * Fling has announced the running ones cancelled: every phase starts with only the footprint's
     * jobs tracked, and the mock API server never holds more than one phase's deployments on top.
     */
    private void remove(Launches launches, boolean running) {
        delete(NAMESPACE, Launches.PHASE, launches.prefix());
        if (running) {
            events.awaitAll(CANCELLED, launches.jobs(), CATCH_UP);
        }
        clock.awaitQuiet(QUIET, CATCH_UP);
    }

    /** One delete of every FlinkDeployment with the label (the mock matches each stored object once). */
    private void delete(String namespace, String label, String value) {
        cleaner.resources(FlinkDeployment.class).inNamespace(namespace).withLabel(label, value).delete();
    }

    private void figure(String name, double value) {
        figures.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }

    private void progress(String phase, String text) {
        System.out.printf("[%5.0f s] %-13s %s%n", (System.nanoTime() - began) / 1e9, phase, text);
    }

    private void report() throws Exception {
        double minutes = (System.nanoTime() - began) / 60e9;
        Table table = BenchmarkReport.table(figures, size);
        String section = BenchmarkReport.section(table, size, minutes, busy);
        System.out.println();
        System.out.print(table.markdown());
        if (size == Size.SMOKE) {
            // A smoke run checks that every phase works; its figures measure nothing worth keeping.
            System.out.printf("%nsmoke run in %.1f min; docs/benchmarks.md left as it was%n", minutes);
            return;
        }
        Path doc = BenchmarkDoc.writeSection(heading(size, busy), section);
        System.out.printf("%nmeasured in %.1f min; written to %s%n", minutes, doc);
        if (!table.missed().isEmpty()) {
            System.out.println("missed: " + String.join(", ", table.missed()) + " (see " + doc + ")");
        }
    }
}
