package dev.fling.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * scripts/bench --start-only: JVM start -> ready of one or more packaged builds of Fling (the
 * operator runtime against the harness's broker and mock API server) and of the empty Quarkus
 * application with Fling's extensions, rounds alternating so that every build sees the same
 * machine; round 0 warms the disk cache and is not counted. Prints, per build, wall-clock and CPU
 * by ready (min / median / max) and the medians of the per-round ratios to the empty application.
 * Builds are named by their quarkus-run.jar: {@code java ... StartupComparison ROUNDS [JAR ...]},
 * the current build (target/quarkus-app) by default.
 */
public final class StartupComparison {

    private StartupComparison() {}

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
            Map<String, String> variables = Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS", environment.kafka().bootstrapServers(),
                    "QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL", environment.kubernetes().url(),
                    "QUARKUS_KUBERNETES_CLIENT_TOKEN", ApiCalls.FLING_TOKEN,
                    "FLING_RUNTIME", "operator");
            Path baseline = BaselineApp.build();
            String heap = System.getProperty("fling.process.heap", "256m");
            Map<String, List<double[]>> results = new LinkedHashMap<>(); // per build: {seconds, cpu, ratio, cpu ratio}
            for (int round = 0; round <= rounds; round++) {
                BaselineApp.Ready empty = BaselineApp.secondsToReady(baseline, heap);
                System.out.printf("round %d  empty app %.2f s (CPU %.2f s)%n", round, empty.seconds(), empty.cpuSeconds());
                for (String jar : jars) {
                    System.setProperty("fling.process.jar", jar);
                    StartupProbe.Started started = StartupProbe.start("start-comparison", variables);
                    started.fling().kill();
                    System.out.printf("round %d  %s %.2f s (CPU %.2f s)%n", round, jar, started.seconds(),
                            started.cpuSeconds());
                    if (round > 0) {
                        results.computeIfAbsent(jar, k -> new ArrayList<>()).add(new double[] {started.seconds(),
                                started.cpuSeconds(), started.seconds() / empty.seconds(),
                                started.cpuSeconds() / empty.cpuSeconds()});
                    }
                }
                if (round > 0) {
                    results.computeIfAbsent("the empty app", k -> new ArrayList<>())
                            .add(new double[] {empty.seconds(), empty.cpuSeconds(), 1, 1});
                }
            }
            System.out.println("\n| build | ready (min / median / max) | CPU by ready | ready / the empty app's | CPU / the empty app's |");
            System.out.println("| --- | --- | --- | --- | --- |");
            results.forEach((name, rows) -> System.out.printf("| %s | %s | %s | %.2fx | %.2fx |%n", name,
                    spread(rows, 0), spread(rows, 1), median(rows, 2), median(rows, 3)));
        }, "fling.requests", "fling.events", "fling.requests.dlq");
    }

    private static String spread(List<double[]> rows, int column) {
        List<Double> values = rows.stream().map(r -> r[column]).sorted().toList();
        return String.format("%.2f / %.2f / %.2f s", values.get(0), median(rows, column), values.get(values.size() - 1));
    }

    private static double median(List<double[]> rows, int column) {
        List<Double> values = rows.stream().map(r -> r[column]).sorted().toList();
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }
}
