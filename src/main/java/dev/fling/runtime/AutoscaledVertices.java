package dev.fling.runtime;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parallelism an autoscaler has set for each of a job's vertices (by Flink's vertex id), as
 * the runtime records it, with what tells this setting apart from an earlier equal one (the
 * operator's reconciliation time, the local autoscaler's resize count) and the reason the
 * autoscaler gave, where it gave one.
 */
@RegisterForReflection
public record AutoscaledVertices(Map<String, Integer> parallelism, String occurrence, String reason) {

    public AutoscaledVertices {
        parallelism = Map.copyOf(parallelism);
    }

    /** The same setting, with the autoscaler's reason. */
    public AutoscaledVertices withReason(String why) {
        return new AutoscaledVertices(parallelism, occurrence, why);
    }

    /** The highest vertex parallelism: what the job counts as running with. */
    public int highest() {
        return parallelism.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** The vertices in a stable order, for events and views. */
    public Map<String, Integer> sorted() {
        return new TreeMap<>(parallelism);
    }
}
