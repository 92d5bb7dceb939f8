package dev.fling.runtime.local;

import dev.fling.runtime.Autoscaling;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the local autoscaler sizes one job, read from the job's Flink configuration under the Flink
 * autoscaler's own keys ({@code job.autoscaler.*}, AutoScalerOptions of flink-autoscaler 1.10),
 * with that autoscaler's defaults, so that a launch means the same on both runtimes.
 *
 * @param utilizationBoundary no resize while a vertex's busy time is within this of the target
 * @param maxScaleDownFactor at most this share of a vertex's parallelism goes in one scale-down
 */
record AutoscaleSettings(int minParallelism, int maxParallelism, double targetUtilization,
        double utilizationBoundary, Duration metricsWindow, Duration stabilization, Duration scaleDownDelay,
        double maxScaleDownFactor) {

    static final String UTILIZATION_BOUNDARY = Autoscaling.PREFIX + "target.utilization.boundary";
    static final String MAX_SCALE_DOWN_FACTOR = Autoscaling.PREFIX + "scale-down.max-factor";

    private static final Pattern DURATION = Pattern.compile("\\s*(\\d+)\\s*([a-zA-Z]*)\\s*");

    /** The settings of a job whose configuration turns the autoscaler on; unreadable values fall back to the defaults. */
    static AutoscaleSettings of(Autoscaling bounds, Map<String, String> flinkConfiguration) {
        return new AutoscaleSettings(bounds.minParallelism(), bounds.maxParallelism(),
                number(flinkConfiguration.get(Autoscaling.TARGET_UTILIZATION), 0.7),
                number(flinkConfiguration.get(UTILIZATION_BOUNDARY), 0.3),
                duration(flinkConfiguration.get(Autoscaling.METRICS_WINDOW), Duration.ofMinutes(15)),
                duration(flinkConfiguration.get(Autoscaling.STABILIZATION_INTERVAL), Duration.ofMinutes(5)),
                duration(flinkConfiguration.get(Autoscaling.SCALE_DOWN_INTERVAL), Duration.ofHours(1)),
                number(flinkConfiguration.get(MAX_SCALE_DOWN_FACTOR), 0.6));
    }

    private static double number(String value, double fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            return fallback; // admission refuses unreadable targets; a boundary is the user's own key
        }
    }

    /** Flink's duration syntax as far as the autoscaler's keys use it: {@code 30 s}, {@code 5min}, {@code 1h}, ISO-8601. */
    static Duration duration(String value, Duration fallback) {
        if (value == null) {
            return fallback;
        }
        if (value.trim().toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                return Duration.parse(value.trim());
            } catch (RuntimeException e) {
                return fallback;
            }
        }
        Matcher matcher = DURATION.matcher(value);
        if (!matcher.matches()) {
            return fallback;
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
            case "", "ms", "milli", "millis", "millisecond", "milliseconds" -> Duration.ofMillis(amount); // Flink's default unit
            case "s", "sec", "secs", "second", "seconds" -> Duration.ofSeconds(amount);
            case "m", "min", "mins", "minute", "minutes" -> Duration.ofMinutes(amount);
            case "h", "hour", "hours" -> Duration.ofHours(amount);
            case "d", "day", "days" -> Duration.ofDays(amount);
            default -> fallback;
        };
    }
}
