package dev.fling.runtime.local;

import dev.fling.runtime.JobDefinition;
import java.util.List;
import java.util.Optional;

/**
 * Whether a job can run on a pooled cluster, whose JobManager and TaskManagers already run with
 * the pool's settings: its TaskManagers must have the pool's slot count (more of them can be
 * added, not resized), and its configuration must be of the kind Flink applies per job, not per
 * process (memory, ports, scheduler and the like need a cluster of its own). Pure.
 */
final class WarmFit {

    /** Configuration Flink reads from the job, so that a job submitted to a running cluster still gets it. */
    private static final List<String> PER_JOB = List.of("pipeline.", "execution.checkpointing.",
            "execution.runtime-mode", "execution.buffer-timeout", "restart-strategy.", "state.", "table.",
            "parallelism.default");

    private WarmFit() {}

    /** Why the job cannot take a pooled cluster of {@code poolSlots} slots per TaskManager; empty when it can. */
    static Optional<String> whyNot(JobDefinition definition, int poolSlots) {
        if (definition.sql() != null) {
            return Optional.of("it is a SQL script, which the SQL runner runs on an application cluster of its own");
        }
        if (definition.taskSlots() != poolSlots) {
            return Optional.of("it asks for " + definition.taskSlots() + " slots per TaskManager, the pool has "
                    + poolSlots);
        }
        return definition.flinkConfiguration().keySet().stream()
                .filter(key -> PER_JOB.stream().noneMatch(key::startsWith)).sorted().findFirst()
                .map(key -> "its configuration sets " + key + ", which needs a cluster of its own");
    }
}
