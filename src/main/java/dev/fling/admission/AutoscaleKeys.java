package dev.fling.admission;

import dev.fling.events.payload.FieldError;
import dev.fling.events.payload.LaunchRequest;
import dev.fling.runtime.Autoscaling;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A launch's {@code autoscale} in the autoscaler's own keys, so that the operator's autoscaler and
 * Fling's local one read the same settings; and back, so that a refusal names the field the
 * sender wrote. A launch gives the settings one way or the other, never both.
 */
final class AutoscaleKeys {

    /** The request's fields and the autoscaler's keys they become, in the schema's order. */
    private static final Map<String, String> FIELDS = fields();

    private AutoscaleKeys() {}

    private static Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("enabled", Autoscaling.ENABLED);
        fields.put("minParallelism", Autoscaling.MIN_PARALLELISM);
        fields.put("maxParallelism", Autoscaling.MAX_PARALLELISM);
        fields.put("targetUtilization", Autoscaling.TARGET_UTILIZATION);
        fields.put("metricsWindowSeconds", Autoscaling.METRICS_WINDOW);
        fields.put("stabilizationSeconds", Autoscaling.STABILIZATION_INTERVAL);
        fields.put("scaleDownDelaySeconds", Autoscaling.SCALE_DOWN_INTERVAL);
        return Map.copyOf(fields);
    }

    /** The autoscaler's keys for {@code autoscale} (none for none); {@code enabled} defaults to true. */
    static Map<String, String> of(LaunchRequest.Autoscale autoscale) {
        Map<String, String> keys = new LinkedHashMap<>();
        if (autoscale == null) {
            return keys;
        }
        keys.put(Autoscaling.ENABLED, Boolean.toString(!Boolean.FALSE.equals(autoscale.enabled())));
        putIfSet(keys, Autoscaling.MIN_PARALLELISM, autoscale.minParallelism());
        putIfSet(keys, Autoscaling.MAX_PARALLELISM, autoscale.maxParallelism());
        putIfSet(keys, Autoscaling.TARGET_UTILIZATION, autoscale.targetUtilization());
        putSeconds(keys, Autoscaling.METRICS_WINDOW, autoscale.metricsWindowSeconds());
        putSeconds(keys, Autoscaling.STABILIZATION_INTERVAL, autoscale.stabilizationSeconds());
        putSeconds(keys, Autoscaling.SCALE_DOWN_INTERVAL, autoscale.scaleDownDelaySeconds());
        return keys;
    }

    /** The launch's Flink configuration with its {@code autoscale} written in. */
    static Map<String, String> merged(LaunchRequest launch) {
        Map<String, String> merged = new LinkedHashMap<>();
        if (launch.flinkConfiguration() != null) {
            merged.putAll(launch.flinkConfiguration());
        }
        merged.putAll(of(launch.autoscale()));
        return merged;
    }

    /** A launch with {@code autoscale} and {@code job.autoscaler.*} keys too: which would win is not obvious, so neither. */
    static List<FieldError> conflicts(LaunchRequest launch) {
        if (launch.autoscale() == null || launch.flinkConfiguration() == null) {
            return List.of();
        }
        return launch.flinkConfiguration().keySet().stream().filter(key -> key.startsWith(Autoscaling.PREFIX)).sorted()
                .map(key -> new FieldError("/flinkConfiguration/" + LaunchPolicy.pointerEscape(key),
                        "'" + key + "' is set here and the launch has autoscale too; give the autoscaler's settings "
                                + "one way only"))
                .toList();
    }

    /** Errors about the autoscaler's keys, named as the sender wrote them when it used {@code autoscale}. */
    static List<FieldError> inRequestTerms(List<FieldError> errors, LaunchRequest launch) {
        if (launch.autoscale() == null) {
            return errors;
        }
        return errors.stream().map(error -> {
            for (Map.Entry<String, String> field : FIELDS.entrySet()) {
                if (error.field().equals("/flinkConfiguration/" + LaunchPolicy.pointerEscape(field.getValue()))) {
                    return new FieldError("/autoscale/" + field.getKey(), error.message());
                }
            }
            return error;
        }).toList();
    }

    private static void putIfSet(Map<String, String> keys, String key, Object value) {
        if (value != null) {
            keys.put(key, value.toString());
        }
    }

    private static void putSeconds(Map<String, String> keys, String key, Long seconds) {
        if (seconds != null) {
            keys.put(key, seconds + " s"); // Flink's duration syntax
        }
    }
}
