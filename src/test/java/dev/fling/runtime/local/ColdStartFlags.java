package dev.fling.runtime.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.events.RequestContext;
import dev.fling.runtime.JobDefinition;
import dev.fling.runtime.JobPolicy;
import dev.fling.runtime.JobRef;
import dev.fling.runtime.rest.FlinkRestClient;
import dev.fling.testing.LocalClusters;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * scripts/bench-local --cold-flags: what JVM start-up settings do for a cold cluster. Starts the
 * floor's JobManager and TaskManager (the same launcher, commands and memory settings) with each
 * set of extra JVM flags in turn, rounds alternating, and times launch -> the JobManager's RUNNING
 * time for the StreamingCounter example. The flags go in through a wrapper of the java executable
 * (fling.local.java), so nothing else changes. The AppCDS archives are made first, by one cluster
 * run with -XX:ArchiveClassesAtExit and taken down.
 */
public final class ColdStartFlags {

    private static final Duration LIMIT = Duration.ofSeconds(180);

    private ColdStartFlags() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path work = Path.of("target", "bench-cold-flags").toAbsolutePath();
        LocalLaunchBenchmark.deleteRecursively(work);
        Files.createDirectories(work);
        Path archives = work.resolve("cds");
        Files.createDirectories(archives);
        String archive = "-XX:SharedArchiveFile=" + archives + "/$kind.jsa";
        Map<String, String[]> variants = new LinkedHashMap<>(); // flags of both processes, flags of the JobManager only
        variants.put("none", new String[] {"", ""});
        variants.put("AppCDS", new String[] {archive, ""});
        variants.put("C1 only in the JobManager", new String[] {"", "-XX:TieredStopAtLevel=1"});
        variants.put("AppCDS + C1 in the JobManager", new String[] {archive, "-XX:TieredStopAtLevel=1"});
        variants.put("SerialGC", new String[] {"-XX:+UseSerialGC", ""});
        String jar = LocalClusters.examplesJar();
        try {
            double dump = launch(work, "dump", new String[] {"-XX:ArchiveClassesAtExit=" + archives + "/$kind.jsa", ""},
                    jar, 0);
            System.out.printf("archiving run: %.2f s; archives %s%n", dump, list(archives));
            Map<String, List<Double>> results = new LinkedHashMap<>();
            for (int round = 0; round <= rounds; round++) {
                for (Map.Entry<String, String[]> variant : variants.entrySet()) {
                    double seconds = launch(work, variant.getKey(), variant.getValue(), jar, round);
                    System.out.printf("round %d  %-32s %6.2f s%n", round, variant.getKey(), seconds);
                    if (round > 0) {
                        results.computeIfAbsent(variant.getKey(), k -> new ArrayList<>()).add(seconds);
                    }
                }
            }
            System.out.println("\n| extra JVM flags (JobManager and TaskManager) | min | median | max |");
            System.out.println("| --- | --- | --- | --- |");
            results.forEach((name, values) -> {
                List<Double> sorted = new ArrayList<>(values);
                Collections.sort(sorted);
                int n = sorted.size();
                double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
                System.out.printf("| %s | %.2f s | %.2f s | %.2f s |%n", name, sorted.get(0), median,
                        sorted.get(n - 1));
            });
        } finally {
            LocalClusters.stopAllUnder(work.toString());
        }
        System.exit(0);
    }

    private static String list(Path archives) throws IOException {
        try (var files = Files.list(archives)) {
            return files.map(f -> f.getFileName() + " " + f.toFile().length() / 1_000_000 + " MB").toList().toString();
        }
    }

    /** One cold cluster with these flags, from launch to the JobManager's RUNNING time; then taken down. */
    private static double launch(Path work, String name, String[] flags, String jar, int round) throws Exception {
        Path wrapper = work.resolve("java-" + name.replaceAll("[^A-Za-z0-9]", "_") + ".sh");
        String java = System.getProperty("java.home") + "/bin/java";
        Files.writeString(wrapper, "#!/bin/bash\nkind=none\n"
                + "for a in \"$@\"; do case $a in *EntryPoint|*Entrypoint) kind=jobmanager;; "
                + "*TaskManagerRunner) kind=taskmanager;; esac; done\n"
                + "extra=()\n"
                + "[ $kind != none ] && extra=(" + flags[0] + ")\n"
                + "[ $kind = jobmanager ] && extra+=(" + flags[1] + ")\n"
                + "exec " + java + " \"${extra[@]}\" \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path dir = work.resolve(name.replaceAll("[^A-Za-z0-9]", "_") + "-" + round);
        LocalConfig config = new Wrapped(new LocalDefaults(dir), wrapper.toString());
        ObjectMapper mapper = new ObjectMapper().findAndRegisterModules();
        HttpClient http = HttpClient.newHttpClient();
        JobDirectories directories = new JobDirectories(dir.resolve("jobs"), true);
        ClusterLauncher launcher = new ClusterLauncher(config, FlinkDistribution.locate(config), directories,
                new ClusterConfiguration(config, new SavepointStore(dir.resolve("savepoints"), mapper, Optional.empty()),
                        directories),
                new JarFetcher(http, List.of(Path.of("target").toAbsolutePath().toString()), List.of("*")),
                dir.resolve("sizing"));
        LocalJob job = new LocalJob();
        RequestContext request = new RequestContext("flags-" + round, "/bench", "dev.fling.job.launch", Map.of());
        job.definition = new JobDefinition(new JobRef("default", "flags" + round + "-" + request.key()),
                "flink:1.20", "v1_20", jar, "dev.fling.examples.StreamingCounter", List.of(), 1,
                new JobDefinition.ProcessResources(1, "1024m"), new JobDefinition.ProcessResources(1, "1024m"),
                1, Map.of(), null, Map.of(), new JobPolicy(null, 0, Duration.ofHours(1), 1, Duration.ZERO), request,
                Instant.now());
        job.targetParallelism = 1;
        long start = System.currentTimeMillis();
        job.cluster = launcher.start(job);
        FlinkRestClient rest = new FlinkRestClient(URI.create("http://localhost:" + job.cluster.restPort), http, mapper);
        Awaitility.await("the job runs").atMost(LIMIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                .ignoreExceptions().until(() -> rest.job(job.cluster.flinkJobId).ran());
        double seconds = (rest.job(job.cluster.flinkJobId).runningAtMillis() - start) / 1e3;
        rest.cancel(job.cluster.flinkJobId);
        Awaitility.await("the job is cancelled").atMost(LIMIT).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> rest.job(job.cluster.flinkJobId).state().equals("CANCELED"));
        try {
            rest.shutDownCluster(); // a JobManager that exits on its own writes its archive at exit
        } catch (IOException e) {
            // stopped below
        }
        if (name.equals("dump")) { // the archives are written at exit, which takes a while: no kill meanwhile
            List<ProcessHandle> all = new ArrayList<>();
            job.cluster.taskManagerPids.forEach(pid -> ProcessHandle.of(pid).ifPresent(all::add));
            ProcessHandle.of(job.cluster.jobManagerPid).ifPresent(all::add);
            all.forEach(ProcessHandle::destroy);
            for (ProcessHandle process : all) {
                process.onExit().get(LIMIT.toSeconds(), TimeUnit.SECONDS);
            }
        }
        new ClusterProcesses().stopAll(job.cluster);
        return seconds;
    }

    /** The defaults with another java executable. */
    private record Wrapped(LocalDefaults defaults, String java) implements LocalConfig {
        public String workDirectory() { return defaults.workDirectory(); }
        public Optional<List<String>> allowedJarDirectories() { return defaults.allowedJarDirectories(); }
        public Optional<String> flinkHome() { return defaults.flinkHome(); }
        public int maxClusters() { return defaults.maxClusters(); }
        public String jobManagerProcessMemory() { return defaults.jobManagerProcessMemory(); }
        public String taskManagerProcessMemory() { return defaults.taskManagerProcessMemory(); }
        public Duration checkpointInterval() { return defaults.checkpointInterval(); }
        public Optional<Duration> savepointRetention() { return defaults.savepointRetention(); }
        public boolean keepLogs() { return defaults.keepLogs(); }
        public Duration pollInterval() { return defaults.pollInterval(); }
        public WarmPool warmPool() { return defaults.warmPool(); }
    }
}
