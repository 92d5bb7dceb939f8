package dev.fling.runtime;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where an attempt's time went on its way to RUNNING: how it started (a new cluster, or one
 * taken from the warm pool) and how many milliseconds each phase took, in the order they
 * happened. A runtime names only the phases it can tell apart; a phase it cannot see is absent,
 * never guessed. Carried by {@code started}, kept for {@code GET /jobs/{name}}, and measured by
 * {@code fling_launch_phase_seconds}.
 */
@RegisterForReflection
public record LaunchPhases(Start start, Map<String, Long> phases) {

    /** From the attempt being queued (accepted, or due for a retry) until Fling began starting it. */
    public static final String QUEUED = "queued";
    /** Until the cluster's JobManager answered (a pooled cluster answers already). */
    public static final String CLUSTER = "cluster";
    /** Until Flink knew the job (submitted by the application cluster itself, or over REST to a pooled one). */
    public static final String SUBMITTED = "submitted";
    /** Until the job was RUNNING. */
    public static final String RUNNING = "running";

    public LaunchPhases {
        phases = phases == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(phases));
    }

    /** How an attempt got its cluster. */
    public enum Start {
        /** A cluster started for the job. */
        COLD,
        /** An idle, pre-started cluster of the warm pool. */
        WARM;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Start of(String wire) {
            return valueOf(wire.toUpperCase(Locale.ROOT));
        }
    }

    /**
     * The phases from the instants each one ended, in epoch milliseconds, starting at {@code from};
     * an instant of 0 is unknown and its phase is left out, the next one then counting from the
     * last known instant. A clock that seems to go back gives 0, not a negative duration.
     */
    public static LaunchPhases of(Start start, long from, Map<String, Long> endings) {
        Map<String, Long> phases = new LinkedHashMap<>();
        long previous = from;
        for (Map.Entry<String, Long> ending : endings.entrySet()) {
            long at = ending.getValue() == null ? 0 : ending.getValue();
            if (at <= 0 || previous <= 0) {
                previous = at > 0 ? at : previous;
                continue;
            }
            phases.put(ending.getKey(), Math.max(0, at - previous));
            previous = Math.max(previous, at);
        }
        return new LaunchPhases(start, phases);
    }

    /** Milliseconds from the first phase's start to RUNNING. */
    public long totalMillis() {
        return phases.values().stream().mapToLong(Long::longValue).sum();
    }
}
