package dev.fling.runtime.local;

import dev.fling.testing.LocalClusters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * scripts/bench-local --cold-flags: what JVM start-up settings do for a cold cluster. Starts the
 * floor's JobManager and TaskManager (the same launcher, commands and memory settings) with each
 * set of extra JVM flags in turn, rounds alternating, and times launch -> the JobManager's RUNNING
 * time for the StreamingCounter example. The flags go in through a wrapper of the java executable
 * (fling.local.java), so nothing else changes. The AppCDS archives are made first, by one cluster
 * run with -XX:ArchiveClassesAtExit and taken down.
 */
public final class ColdStartFlags {

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
        return new LocalLaunchBenchmark.Floor(dir, new Wrapped(new LocalDefaults(dir, false), wrapper.toString()))
                .launch(jar, round, name.equals("dump"));
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
        public StartUp startUp() { return defaults.startUp(); }
    }
}
