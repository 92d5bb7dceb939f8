package dev.fling.runtime.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.events.RequestContext;
import dev.fling.runtime.JobDefinition;
import dev.fling.runtime.JobPolicy;
import dev.fling.runtime.JobRef;
import dev.fling.runtime.rest.FlinkRestClient;
import dev.fling.testing.BenchmarkDoc;
import dev.fling.testing.EventLog;
import dev.fling.testing.FlingProcess;
import dev.fling.testing.KafkaBroker;
import dev.fling.testing.LocalClusters;
import dev.fling.testing.RequestSender;
import dev.fling.testing.Requests;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;

/**
 * scripts/bench-local: event-to-RUNNING latency of the local runtime against its floor. Fling (the
 * packaged build, its own process) gets a launch on Kafka; the clock stops when the
 * {@code started} event reaches the consumer. The floor starts the very same JobManager and
 * TaskManager processes (same commands, same memory settings) directly and stops the clock when
 * the JobManager's REST API says RUNNING. Rounds alternate between the two; a warm-up round of
 * each is not counted. Prints a table and writes it, with the method, to docs/benchmarks.md.
 */
public final class LocalLaunchBenchmark {

    private static final Duration LIMIT = Duration.ofSeconds(120);
    private static final String ENTRY_CLASS = "dev.fling.examples.StreamingCounter";

    private LocalLaunchBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        boolean withSql = !List.of(args).contains("--no-sql");
        Path work = Path.of("target", "bench-local").toAbsolutePath();
        deleteRecursively(work);
        String jar = LocalClusters.examplesJar();
        List<Double> warm = new ArrayList<>();
        List<Double> fling = new ArrayList<>();
        List<Double> floor = new ArrayList<>();
        List<Double> sql = new ArrayList<>();
        KafkaBroker kafka = KafkaBroker.start();
        kafka.createTopics(1, "fling.requests", "fling.events", "fling.requests.dlq");
        try (FlingProcess process = FlingProcess.start("bench-local", Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "FLING_RUNTIME", "local",
                "FLING_LOCAL_WORK_DIRECTORY", work.resolve("fling").toString(),
                "FLING_LOCAL_WARM_POOL_SIZE", "1"));
                RequestSender requests = new RequestSender(kafka.bootstrapServers());
                EventLog events = new EventLog(kafka.bootstrapServers(), "fling.events")) {
            process.awaitReady();
            Floor direct = new Floor(work.resolve("floor"));
            for (int round = 0; round <= rounds; round++) {
                awaitPooledClusterReady(work.resolve("fling").toString());
                double warmStart = viaFling(requests, events, jarLaunch(jar, "warm" + round, Map.of()));
                awaitPooledClusterReady(work.resolve("fling").toString()); // the refill is not beside the cold launch
                double viaFling = viaFling(requests, events, jarLaunch(jar, "cold" + round, NOT_FOR_THE_POOL));
                double directly = direct.launch(jar, round);
                double script = !withSql ? 0 : viaFling(requests, events, Map.entry("sql" + round,
                        Requests.sqlLaunchData(STREAMING_SQL, "name", "sql" + round)));
                if (round == 0) {
                    TIMELINES.clear(); // the warm-up is not counted
                }
                String label = round == 0 ? "warm-up" : "round " + round;
                System.out.printf("%-8s  warm %6.2f s   cold %6.2f s   floor %6.2f s   sql %6.2f s%n", label,
                        warmStart, viaFling, directly, script);
                if (round > 0) {
                    warm.add(warmStart);
                    fling.add(viaFling);
                    floor.add(directly);
                    if (withSql) {
                        sql.add(script);
                    }
                }
            }
        } finally {
            LocalClusters.stopAllUnder(work.toString());
            kafka.close();
        }
        report(rounds, warm, fling, floor, sql);
        System.exit(0);
    }

    /**
     * A setting Flink applies per process, at its default value: it changes nothing for the job but
     * needs a cluster of its own, so the launch takes the cold path next to an idle pooled cluster.
     */
    private static final Map<String, String> NOT_FOR_THE_POOL = Map.of("taskmanager.memory.network.fraction", "0.1");

    /** Waits until the pool holds a ready cluster, so that the next launch that fits is warm. */
    private static void awaitPooledClusterReady(String work) {
        Awaitility.await("a pooled cluster is ready").atMost(LIMIT).pollInterval(Duration.ofMillis(100))
                .until(() -> !dev.fling.testing.WarmPools.ready(work).isEmpty());
    }

    /**
     * A streaming SQL job (generated rows into a blackhole) that runs until cancelled: always a cold
     * start (a pooled cluster takes jars), with the Table planner in the JobManager.
     */
    private static final String STREAMING_SQL = """
            CREATE TABLE orders (product INT) WITH ('connector' = 'datagen', 'rows-per-second' = '10',
              'fields.product.min' = '1', 'fields.product.max' = '5');
            CREATE TABLE nowhere (product INT) WITH ('connector' = 'blackhole');
            INSERT INTO nowhere SELECT product FROM orders;
            """;

    private static Map.Entry<String, Map<String, Object>> jarLaunch(String jar, String name,
            Map<String, String> configuration) {
        return Map.entry(name, Requests.launchData("name", name, "jarURI", jar, "entryClass", ENTRY_CLASS,
                "flinkConfiguration", configuration));
    }

    /** Publishes a launch (its name, its data) and waits for {@code started}; then cancels it and waits until its cluster is gone. */
    private static double viaFling(RequestSender requests, EventLog events, Map.Entry<String, Map<String, Object>> data) {
        String name = data.getKey();
        CloudEvent launch = Requests.launch(data.getValue());
        String job = Requests.jobName(launch, name);
        long sentAt = System.currentTimeMillis();
        long start = System.nanoTime();
        requests.sendBinary(launch);
        CloudEvent started = events.awaitWithin(job, "dev.fling.job.started", LIMIT);
        double seconds = (System.nanoTime() - start) / 1e9;
        String work = Path.of("target", "bench-local", "fling").toAbsolutePath().toString();
        LaunchTimeline timeline = new LaunchTimeline(sentAt, recordTime(events, job, "dev.fling.job.accepted"),
                flinkRunningAt(work, job), recordTime(events, job, "dev.fling.job.started"),
                sentAt + Math.round(seconds * 1000));
        TIMELINES.computeIfAbsent(name.replaceAll("[0-9]+$", ""), k -> new ArrayList<>()).add(timeline);
        System.out.printf("          %s: %s %s%n          %s%n", name, EventLog.data(started).path("start").asText(),
                EventLog.data(started).path("phases"), timeline);
        String directory = LocalClusters.registryEntry(work, job).path("cluster").path("directory").asText();
        requests.sendBinary(Requests.cancel(job, false));
        events.awaitWithin(job, "dev.fling.job.cancelled", LIMIT);
        Awaitility.await(job + "'s processes are gone").atMost(LIMIT).pollInterval(Duration.ofMillis(100))
                .until(() -> dev.fling.testing.WarmPools.processesIn(directory + "/").isEmpty());
        return seconds;
    }

    /** The timelines of the rounds, by kind (warm, cold, sql), for the table of where the time goes. */
    private static final Map<String, List<LaunchTimeline>> TIMELINES = new java.util.LinkedHashMap<>();

    /** When Fling's producer wrote the job's event of that type (the record's create time, Fling's clock). */
    private static long recordTime(EventLog events, String job, String type) {
        return events.records().stream().filter(r -> job.equals(r.value().getSubject())
                && type.equals(r.value().getType())).mapToLong(r -> r.timestamp()).findFirst().orElse(0);
    }

    /** When the job's JobManager says the job switched to RUNNING (its own clock, the same machine's). */
    private static long flinkRunningAt(String work, String job) {
        String flinkJobId = LocalClusters.registryEntry(work, job).path("cluster").path("flinkJobId").asText();
        return LocalClusters.rest(work, job, "/jobs/" + flinkJobId).path("timestamps").path("RUNNING").asLong(0);
    }

    /** The same processes, started directly, without Kafka, Fling's admission or its tracker. */
    static final class Floor {
        private final ClusterLauncher launcher;
        private final ClusterProcesses processes = new ClusterProcesses();
        private final HttpClient http = HttpClient.newHttpClient();
        private final ObjectMapper mapper = new ObjectMapper().findAndRegisterModules();

        /** Today's floor: the processes as they started before Fling's start-up settings (no archives, no C1). */
        Floor(Path work) {
            this(work, new LocalDefaults(work, false));
        }

        /** With another configuration: another java executable, say ({@link ColdStartFlags}). */
        Floor(Path work, LocalConfig config) {
            JobDirectories directories = new JobDirectories(work.resolve("jobs"), true);
            launcher = new ClusterLauncher(config, FlinkDistribution.locate(config), directories,
                    new ClusterConfiguration(config,
                            new SavepointStore(work.resolve("savepoints"), mapper, Optional.empty()), directories),
                    new JarFetcher(http, java.util.List.of(Path.of("target").toAbsolutePath().toString()), java.util.List.of("*")),
                    work.resolve("sizing"));
        }

        double launch(String jar, int round) throws Exception {
            return launch(jar, round, false);
        }

        /**
         * One launch, timed to the JobManager's RUNNING; then cancelled and taken down. With
         * {@code exitOnItsOwn}, the processes are asked to exit and given all the time they take
         * (a JVM writing a class-data archive at exit must not be killed meanwhile).
         */
        double launch(String jar, int round, boolean exitOnItsOwn) throws Exception {
            LocalJob job = new LocalJob();
            RequestContext request = new RequestContext("floor-" + round, "/bench", "dev.fling.job.launch", Map.of());
            job.definition = new JobDefinition(new JobRef("default", "floor" + round + "-" + request.key()),
                    "flink:1.20", "v1_20", jar, ENTRY_CLASS, List.of(), 1,
                    new JobDefinition.ProcessResources(1, "1024m"), new JobDefinition.ProcessResources(1, "1024m"),
                    1, Map.of(), null, Map.of(),
                    new JobPolicy(null, 0, Duration.ofHours(1), 1, Duration.ZERO), request, Instant.now());
            job.targetParallelism = 1;
            long start = System.currentTimeMillis();
            job.cluster = launcher.start(job);
            FlinkRestClient rest = new FlinkRestClient(URI.create("http://localhost:" + job.cluster.restPort), http,
                    mapper);
            Awaitility.await("the floor's job runs").atMost(LIMIT).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(20)).until(() -> state(rest, job.cluster.flinkJobId).equals("RUNNING"));
            // The JobManager's own RUNNING time: its REST answers may be older than the look (web.refresh-interval).
            double seconds = (rest.job(job.cluster.flinkJobId).runningAtMillis() - start) / 1e3;
            rest.cancel(job.cluster.flinkJobId);
            Awaitility.await("the floor's job is cancelled").atMost(LIMIT).pollInterval(Duration.ofMillis(50))
                    .until(() -> state(rest, job.cluster.flinkJobId).equals("CANCELED"));
            if (exitOnItsOwn) {
                List<ProcessHandle> all = new ArrayList<>();
                job.cluster.taskManagerPids.forEach(pid -> ProcessHandle.of(pid).ifPresent(all::add));
                ProcessHandle.of(job.cluster.jobManagerPid).ifPresent(all::add);
                all.forEach(ProcessHandle::destroy);
                for (ProcessHandle process : all) {
                    process.onExit().get(LIMIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
                }
            }
            processes.stopAll(job.cluster);
            return seconds;
        }

        /** The job's state as the JobManager reports it (RUNNING is what Fling's started reports too). */
        private static String state(FlinkRestClient rest, String jobId) {
            try {
                return rest.job(jobId).state();
            } catch (IOException e) {
                return "UNREACHABLE";
            }
        }
    }

    private static void report(int rounds, List<Double> warm, List<Double> fling, List<Double> floor,
            List<Double> sql) throws IOException {
        double ratio = median(fling) / median(floor);
        String table = java.util.stream.Stream.of(
                "| event to RUNNING | min | median | max |",
                "| --- | --- | --- | --- |",
                row("Fling, warm (a pooled cluster ready; Kafka launch -> `started` consumed)", warm),
                row("Fling, cold (Kafka launch -> `started` consumed)", fling),
                row("floor (same JM + TM processes started directly -> the JobManager's RUNNING time)", floor),
                sql.isEmpty() ? null : row("Fling, SQL (inline streaming script, always cold; Kafka launch -> `started` consumed)", sql),
                String.format("| warm median | | **%.2f s** (target <= 1.0 s: %s) | |", median(warm),
                        median(warm) <= 1.0 ? "met" : "MISSED"),
                String.format("| cold / floor, medians | | **%.2fx** (target <= 0.75x: %s) | |", ratio,
                        ratio <= 0.75 ? "met" : "MISSED"),
                sql.isEmpty() ? null : String.format("| SQL / jar cold, medians | | %.2fx (the planner's cost in the JobManager) | |",
                        median(sql) / median(fling)))
                .filter(java.util.Objects::nonNull).collect(java.util.stream.Collectors.joining("\n"));
        List<String> parts = new ArrayList<>(List.of(
                "| where the time goes (medians) | send -> `accepted` written | -> Flink's RUNNING | -> `started` written | -> consumed |",
                "| --- | --- | --- | --- | --- |"));
        TIMELINES.forEach((kind, timelines) -> parts.add(LaunchTimeline.row(kind, timelines)));
        String timeline = String.join("\n", parts);
        System.out.println();
        System.out.println(table);
        System.out.println();
        System.out.println(timeline);
        String heading = "## Local runtime: launch to RUNNING (scripts/bench-local)";
        String section = heading + "\n\n"
                + "Measured " + LocalDate.now() + " on " + Runtime.getRuntime().availableProcessors()
                + " cores, " + rounds + " rounds after one warm-up round of each, rounds alternating.\n\n"
                + "Method: Fling runs as users run it (the packaged JVM build, local runtime with its default "
                + "warm pool of one, its own process) against a real Kafka broker. Each round publishes a launch "
                + "of the StreamingCounter example (parallelism 1) and stops the clock when the `started` event "
                + "reaches a Kafka consumer; the job is then cancelled and its processes awaited. Warm: once a "
                + "pooled cluster is ready, a launch that fits it. Cold: a launch whose flinkConfiguration sets "
                + "`taskmanager.memory.network.fraction` to its default (no change for the job, but a setting "
                + "of the process, so it needs a cluster of its own), sent once the pool is full again, next to its idle cluster. "
                + "The floor starts the very same JobManager and "
                + "TaskManager processes (same command lines and memory settings, built by the same launcher) "
                + "directly and stops the clock at the time the JobManager's REST API gives for the job's switch to RUNNING (the "
                + "state Fling's `started` reports), read once it reports it (polling every 20 ms). SQL: an inline streaming script (datagen into blackhole) run by "
                + "the SQL runner in application mode, cancelled once started like the others (left out with `--no-sql`). One job at a time; Fling's idle pooled cluster (heartbeats only) is there throughout, the floor's rounds included, and no pool refill runs beside a measured launch except the one a warm launch starts itself.\n\n"
                + table + "\n\n"
                + "Where each launch's time goes, from clock readings on the same machine: the benchmark's send, the "
                + "create time of the `accepted` and `started` records Fling wrote, and the job's RUNNING timestamp "
                + "read from its JobManager before the cancel.\n\n"
                + timeline + "\n";
        Path doc = BenchmarkDoc.writeSection(heading, section);
        System.out.println("\nwritten to " + doc);
    }

    /** A table row: min, median and max of the values, in seconds (also AutoscaleBenchmark's). */
    static String row(String name, List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return String.format("| %s | %.2f s | %.2f s | %.2f s |", name, sorted.get(0), median(values),
                sorted.get(sorted.size() - 1));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static void deleteRecursively(Path path) throws IOException {
        if (Files.exists(path)) {
            try (var all = Files.walk(path)) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
