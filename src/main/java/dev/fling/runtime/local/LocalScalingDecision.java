package dev.fling.runtime.local;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The local autoscaler's rule, the Flink autoscaler's busy-time rule (flink-autoscaler 1.10,
 * {@code ScalingMetricEvaluator} and {@code JobVertexScaler}) for the case where a vertex's target
 * data rate is the rate it receives now: a vertex busy for a share {@code b} of each second, whose
 * true processing rate is therefore its input rate divided by {@code b}, needs
 * {@code ceil(parallelism * b / targetUtilization)} subtasks. Kept from that autoscaler: the metrics
 * window, the stabilization interval, the utilization boundary, the scale-down factor cap, the
 * delayed scale-down, and the bounds. Left out, and why, in docs/local-runtime.md.
 */
final class LocalScalingDecision {

    /** A vertex that spends more of each second than this backpressured waits on its downstream: its busy time says little. */
    static final double BACKPRESSURED = 0.1;

    private LocalScalingDecision() {}

    /** One reading of a vertex's metrics, as averaged over its subtasks (ms per second; records per second, summed). */
    record VertexMetrics(double busyMsPerSecond, double backPressuredMsPerSecond, double recordsInPerSecond) {}

    /** Every vertex's metrics read at one time. */
    record Sample(Instant at, Map<String, VertexMetrics> vertices) {}

    /** A vertex as it runs: its parallelism and the highest its state allows (Flink's max parallelism). */
    record Vertex(int parallelism, int maxParallelism) {}

    /**
     * What to do: the parallelism of every vertex when it changes (empty when not), why, and since
     * when each vertex has asked to be scaled down (the delay counts from there).
     */
    record Decision(Map<String, Integer> parallelism, String reason, Map<String, Instant> scaleDownWantedSince) {

        Decision {
            parallelism = Map.copyOf(parallelism);
            scaleDownWantedSince = Map.copyOf(scaleDownWantedSince);
        }

        boolean resizes() {
            return !parallelism.isEmpty();
        }

        static Decision none(String why, Map<String, Instant> scaleDownWantedSince) {
            return new Decision(Map.of(), why, scaleDownWantedSince);
        }
    }

    /**
     * Decides for the whole job at {@code now}, from the samples read since it last changed
     * ({@code stableSince}: when it first ran, or its last resize).
     */
    static Decision decide(AutoscaleSettings settings, Map<String, Vertex> vertices, List<Sample> samples,
            Instant stableSince, Map<String, Instant> scaleDownWantedSince, Instant now) {
        Instant stable = stableSince.plus(settings.stabilization());
        if (now.isBefore(stable)) {
            return Decision.none("stabilizing until " + stable, scaleDownWantedSince);
        }
        List<Sample> window = samples.stream().filter(s -> !s.at().isBefore(stable)).toList();
        if (window.isEmpty() || Duration.between(window.get(0).at(), now).compareTo(settings.metricsWindow()) < 0) {
            return Decision.none("collecting metrics for a full window of " + settings.metricsWindow().toSeconds()
                    + " s", scaleDownWantedSince);
        }
        Instant from = now.minus(settings.metricsWindow());
        List<Sample> used = window.stream().filter(s -> !s.at().isBefore(from)).toList();

        Map<String, Integer> next = new TreeMap<>();
        Map<String, Instant> wanted = new HashMap<>(scaleDownWantedSince);
        StringBuilder report = new StringBuilder();
        boolean anyMetrics = false;
        boolean changes = false;
        for (Map.Entry<String, Vertex> entry : new TreeMap<>(vertices).entrySet()) {
            String id = entry.getKey();
            Vertex vertex = entry.getValue();
            next.put(id, vertex.parallelism());
            double busy = average(used, id, VertexMetrics::busyMsPerSecond) / 1000;
            if (Double.isNaN(busy)) {
                wanted.remove(id);
                continue; // no metrics for this vertex: no decision for it
            }
            anyMetrics = true;
            double backPressured = average(used, id, VertexMetrics::backPressuredMsPerSecond) / 1000;
            int wants = wanted(settings, vertex, busy, !Double.isNaN(backPressured) && backPressured > BACKPRESSURED);
            if (wants < vertex.parallelism()) {
                Instant since = wanted.computeIfAbsent(id, v -> now);
                if (Duration.between(since, now).compareTo(settings.scaleDownDelay()) < 0) {
                    continue; // a scale-down waits for its delay, as the autoscaler's does
                }
            } else {
                wanted.remove(id);
            }
            if (wants != vertex.parallelism()) {
                next.put(id, wants);
                changes = true;
                report.append(report.isEmpty() ? "" : " ").append(line(id, vertex.parallelism(), wants, busy,
                        average(used, id, VertexMetrics::recordsInPerSecond), settings));
            }
        }
        if (!anyMetrics) {
            return Decision.none("no metrics of any vertex", wanted);
        }
        if (!changes) {
            return Decision.none("every vertex within its target utilization or waiting for its scale-down delay",
                    wanted);
        }
        wanted.clear(); // a resize starts every vertex's account afresh, after its stabilization
        return new Decision(next, "Scaling vertices: " + report, wanted);
    }

    /** The parallelism a vertex wants; its own when it is within the boundary or backpressured below its target. */
    static int wanted(AutoscaleSettings settings, Vertex vertex, double busy, boolean backPressured) {
        double target = settings.targetUtilization();
        int current = vertex.parallelism();
        if (Math.abs(busy - target) <= settings.utilizationBoundary()) {
            return current;
        }
        double factor = Math.max(busy / target, 1 - settings.maxScaleDownFactor());
        if (factor < 1 && backPressured) {
            return current; // waiting on its downstream is not idleness
        }
        int lower = Math.min(current, settings.minParallelism());
        int upper = Math.min(Math.max(current, settings.maxParallelism()), vertex.maxParallelism());
        int wanted = (int) Math.min(Math.ceil(factor * current), Integer.MAX_VALUE);
        return Math.max(lower, Math.min(upper, wanted));
    }

    private static String line(String id, int from, int to, double busy, double recordsIn, AutoscaleSettings settings) {
        String capacity = "";
        if (!Double.isNaN(recordsIn) && recordsIn > 0 && busy > 0) {
            double trueRate = recordsIn / busy; // what the vertex could process if it were never idle
            capacity = String.format(Locale.ROOT, " | Processing capacity %.2f -> %.2f | Target data rate %.2f",
                    trueRate, trueRate * to / from, recordsIn);
        }
        return String.format(Locale.ROOT, "{ Vertex ID %s | Parallelism %d -> %d | Busy %.0f ms/s, target %.0f ms/s%s }",
                id, from, to, busy * 1000, settings.targetUtilization() * 1000, capacity);
    }

    private static double average(List<Sample> samples, String vertex,
            ToDoubleFunction<VertexMetrics> metric) {
        double sum = 0;
        int count = 0;
        for (Sample sample : samples) {
            VertexMetrics metrics = sample.vertices().get(vertex);
            if (metrics != null && Double.isFinite(metric.applyAsDouble(metrics))) {
                sum += metric.applyAsDouble(metrics);
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }
}
