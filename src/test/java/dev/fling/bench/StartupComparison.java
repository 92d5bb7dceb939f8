package dev.fling.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * scripts/bench --start: JVM start -> ready of one or more packaged builds of Fling (the
 * operator runtime against the harness's broker and mock API server) and of the empty Quarkus
 * application with Fling's extensions, rounds alternating so that every build sees the same
 * machine; round 0 warms the disk cache and is not counted. Prints, per build, wall-clock and CPU
 * by ready (min / median / max) and the medians of the per-round ratios to the empty application.
 * Builds are named by their quarkus-run.jar: {@code java ... StartupComparison ROUNDS [JAR ...]},
 * the current build (target/quarkus-app) by default.
 */
public final class StartupComparison {

    private StartupComparison() {}

    /** One build's counted rounds: seconds and CPU seconds by ready, and both over the empty app's of the round. */
    private record Rounds(List<Double> seconds, List<Double> cpu, List<Double> ratio, List<Double> cpuRatio) {
        Rounds() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }

        void add(double seconds, double cpu, BaselineApp.Ready empty) {
            this.seconds.add(seconds);
            this.cpu.add(cpu);
            ratio.add(seconds / empty.seconds());
            cpuRatio.add(cpu / empty.cpuSeconds());
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        List<String> jars = args.length > 1 ? List.of(args).subList(1, args.length)
                : List.of("target/quarkus-app/quarkus-run.jar");
        for (String jar : jars) {
            if (!Files.isRegularFile(Path.of(jar))) {
                throw new IllegalArgumentException("no packaged build at " + jar);
            }
        }
        BenchEnvironment.runAndExit(environment -> {
            Path baseline = BaselineApp.build();
            String heap = System.getProperty("fling.process.heap", "256m");
            Map<String, Rounds> results = new LinkedHashMap<>();
            for (int round = 0; round <= rounds; round++) {
                BaselineApp.Ready empty = BaselineApp.secondsToReady(baseline, heap);
                System.out.printf("round %d  empty app %.2f s (CPU %.2f s)%n", round, empty.seconds(), empty.cpuSeconds());
                for (String jar : jars) {
                    System.setProperty("fling.process.jar", jar);
                    StartupProbe.Started started = StartupProbe.start("start-comparison", environment.flingEnvironment());
                    started.fling().kill();
                    System.out.printf("round %d  %s %.2f s (CPU %.2f s)%n", round, jar, started.seconds(),
                            started.cpuSeconds());
                    if (round > 0) {
                        results.computeIfAbsent(jar, k -> new Rounds()).add(started.seconds(), started.cpuSeconds(), empty);
                    }
                }
                if (round > 0) {
                    results.computeIfAbsent("the empty app", k -> new Rounds()).add(empty.seconds(), empty.cpuSeconds(), empty);
                }
            }
            System.out.println("\n| build | ready (min / median / max) | CPU by ready | ready / the empty app's | CPU / the empty app's |");
            System.out.println("| --- | --- | --- | --- | --- |");
            results.forEach((name, r) -> System.out.printf("| %s | %s | %s | %.2fx | %.2fx |%n", name,
                    spread(r.seconds()), spread(r.cpu()), Stats.median(r.ratio()), Stats.median(r.cpuRatio())));
        }, "fling.requests", "fling.events", "fling.requests.dlq");
    }

    private static String spread(List<Double> values) {
        return String.format("%.2f / %.2f / %.2f s", Stats.min(values), Stats.median(values), Stats.max(values));
    }
}
