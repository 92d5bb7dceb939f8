package dev.fling.runtime;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The bounds within which an autoscaler may move a job's parallelism, read from the job's Flink
 * configuration under the Flink autoscaler's own keys ({@code job.autoscaler.*}, AutoScalerOptions
 * of flink-autoscaler 1.10), so that a launch's {@code autoscale} and the keys set by hand mean
 * the same to every runtime.
 */
@RegisterForReflection
public record Autoscaling(int minParallelism, int maxParallelism) {

    public static final String PREFIX = "job.autoscaler.";
    public static final String ENABLED = PREFIX + "enabled";
    public static final String MIN_PARALLELISM = PREFIX + "vertex.min-parallelism";
    public static final String MAX_PARALLELISM = PREFIX + "vertex.max-parallelism";
    public static final String TARGET_UTILIZATION = PREFIX + "target.utilization";
    public static final String METRICS_WINDOW = PREFIX + "metrics.window";
    public static final String STABILIZATION_INTERVAL = PREFIX + "stabilization.interval";
    public static final String SCALE_DOWN_INTERVAL = PREFIX + "scale-down.interval";
    /** The autoscaler's lower bound when none is set (AutoScalerOptions.VERTEX_MIN_PARALLELISM). */
    public static final int DEFAULT_MIN = 1;
    /** The autoscaler's upper bound when none is set (AutoScalerOptions.VERTEX_MAX_PARALLELISM). */
    public static final int DEFAULT_MAX = 200;

    /** Whether the configuration turns the autoscaler on (Flink reads booleans without regard to case). */
    public static boolean enabled(Map<String, String> flinkConfiguration) {
        String value = flinkConfiguration.get(ENABLED);
        return value != null && value.trim().toLowerCase(Locale.ROOT).equals("true");
    }

    /**
     * The bounds of a configuration that turns the autoscaler on, with the autoscaler's defaults for
     * those not set; empty when it is off or a bound is unreadable (admission refuses those).
     */
    public static Optional<Autoscaling> of(Map<String, String> flinkConfiguration) {
        if (!enabled(flinkConfiguration)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Autoscaling(bound(flinkConfiguration, MIN_PARALLELISM, DEFAULT_MIN),
                    bound(flinkConfiguration, MAX_PARALLELISM, DEFAULT_MAX)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The highest parallelism a job may reach: what quotas count for it. */
    public int peak(int parallelism) {
        return Math.max(parallelism, maxParallelism);
    }

    private static int bound(Map<String, String> flinkConfiguration, String key, int fallback) {
        String value = flinkConfiguration.get(key);
        return value == null ? fallback : Integer.parseInt(value.trim());
    }
}
