package dev.fling.runtime;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A job's place in Fling's queue, kept with the job in the runtime (an annotation, the registry)
 * so that a restarted or newly elected Fling rebuilds the same queue: its tenant, its priority,
 * what it needs while it runs, when it arrived (the job's accepted time orders arrivals) and
 * whether it waits, was let in, or was withdrawn before it ever ran.
 */
@RegisterForReflection
public record QueueTicket(String tenant, int priority, int parallelism, long memoryBytes, Standing standing) {

    /** Where the job stands in the queue. */
    public enum Standing {
        /** Accepted, waiting for its tenant's turn; no cluster exists for it yet. */
        WAITING,
        /** Let in: it runs, or is starting, and counts against its tenant's limits. */
        ADMITTED,
        /** Cancelled (or timed out) while it waited; it never ran. */
        WITHDRAWN
    }

    public QueueTicket with(Standing next) {
        return new QueueTicket(tenant, priority, parallelism, memoryBytes, next);
    }

    public boolean waiting() {
        return standing == Standing.WAITING;
    }
}
