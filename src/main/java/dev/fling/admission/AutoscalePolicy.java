package dev.fling.admission;

import dev.fling.events.payload.FieldError;
import dev.fling.runtime.Autoscaling;
import dev.fling.runtime.JobDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Keeps an autoscaled job within its policy: readable bounds, the lower not above the upper, the
 * upper (the autoscaler's default when none is set) within the highest parallelism a job may ask
 * for, and the starting parallelism between them. Read from the definition's Flink configuration,
 * so {@code autoscale} and the keys written by hand are held to the same rules.
 */
final class AutoscalePolicy {

    private AutoscalePolicy() {}

    static List<FieldError> violations(JobDefinition job, int maxParallelism) {
        Map<String, String> conf = job.flinkConfiguration();
        List<FieldError> errors = new ArrayList<>();
        String enabled = conf.get(Autoscaling.ENABLED);
        if (enabled != null && !List.of("true", "false").contains(enabled.trim().toLowerCase(Locale.ROOT))) {
            errors.add(error(Autoscaling.ENABLED, "'" + enabled + "' is neither true nor false"));
        }
        if (!Autoscaling.enabled(conf)) {
            return errors;
        }
        Integer min = bound(conf, Autoscaling.MIN_PARALLELISM, Autoscaling.DEFAULT_MIN, errors);
        Integer max = bound(conf, Autoscaling.MAX_PARALLELISM, Autoscaling.DEFAULT_MAX, errors);
        if (max != null && max > maxParallelism) {
            errors.add(error(Autoscaling.MAX_PARALLELISM, conf.containsKey(Autoscaling.MAX_PARALLELISM)
                    ? "the autoscaler's upper bound " + max + " is above the limit of " + maxParallelism
                    : "without an upper bound the autoscaler goes up to " + Autoscaling.DEFAULT_MAX
                            + ", above the limit of " + maxParallelism + "; set one"));
        }
        if (min != null && max != null && min > max) {
            errors.add(error(Autoscaling.MIN_PARALLELISM,
                    "the autoscaler's lower bound " + min + " is above its upper bound " + max));
        } else if (min != null && max != null && (job.parallelism() < min || job.parallelism() > max)) {
            errors.add(new FieldError("/parallelism", "parallelism " + job.parallelism()
                    + " is outside the autoscaler's bounds " + min + " to " + max));
        }
        String target = conf.get(Autoscaling.TARGET_UTILIZATION);
        if (target != null && !utilization(target)) {
            errors.add(error(Autoscaling.TARGET_UTILIZATION,
                    "target utilization '" + target + "' is not a number above 0 and at most 1"));
        }
        return errors;
    }

    private static Integer bound(Map<String, String> conf, String key, int fallback, List<FieldError> errors) {
        String value = conf.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            int bound = Integer.parseInt(value.trim());
            if (bound >= 1) {
                return bound;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(error(key, "'" + value + "' is not a parallelism (a whole number from 1)"));
        return null;
    }

    private static boolean utilization(String value) {
        try {
            double target = Double.parseDouble(value.trim());
            return target > 0 && target <= 1;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static FieldError error(String key, String message) {
        return new FieldError("/flinkConfiguration/" + LaunchPolicy.pointerEscape(key), message);
    }
}
