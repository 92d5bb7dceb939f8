package dev.fling.runtime;

/**
 * One reading of a job's status from its runtime, already interpreted: runtime-specific
 * pitfalls (a FINISHED reported during an upgrade, a cancel shown as a suspension) are resolved
 * by the runtime before the tracker sees them.
 *
 * @param runningParallelism the parallelism the job runs with, when RUNNING
 * @param message the root cause when FAILED; what the job waits for when QUEUED
 * @param savepoint the last savepoint Fling asked for, once taken
 * @param stopSavepointPath the savepoint taken while stopping, when CANCELLED
 * @param rescaleMethod how a parallelism change is applied ("in-place", "savepoint-restart" or "stateless-restart")
 * @param revision grows with every change Fling asks of the job (used in event ids)
 * @param current whether the runtime has taken in the latest change Fling asked for
 * @param launch how the attempt started and where its time went, once RUNNING (null where unknown)
 * @param autoscaled the parallelism an autoscaler set per vertex, when one did (null otherwise)
 */
public record JobObservation(
        Phase phase,
        String flinkJobId,
        int runningParallelism,
        String message,
        Savepoint savepoint,
        String stopSavepointPath,
        String rescaleMethod,
        long revision,
        boolean current,
        LaunchPhases launch,
        AutoscaledVertices autoscaled) {

    /** An observation that says nothing of how the attempt started. */
    public JobObservation(Phase phase, String flinkJobId, int runningParallelism, String message, Savepoint savepoint,
            String stopSavepointPath, String rescaleMethod, long revision, boolean current) {
        this(phase, flinkJobId, runningParallelism, message, savepoint, stopSavepointPath, rescaleMethod, revision,
                current, null, null);
    }

    /** The same observation, saying how the attempt started. */
    public JobObservation withLaunch(LaunchPhases phases) {
        return new JobObservation(phase, flinkJobId, runningParallelism, message, savepoint, stopSavepointPath,
                rescaleMethod, revision, current, phases, autoscaled);
    }

    /** The same observation, with what an autoscaler set. */
    public JobObservation withAutoscaled(AutoscaledVertices vertices) {
        return new JobObservation(phase, flinkJobId, runningParallelism, message, savepoint, stopSavepointPath,
                rescaleMethod, revision, current, launch, vertices);
    }

    /** The phases the tracker acts on. */
    public enum Phase {
        /** Accepted, but waiting for the runtime to have room for it. */
        QUEUED,
        /** Held in Fling's queue until its tenant's turn (no cluster yet); the queue announces the wait. */
        WAITING,
        /** Not running yet: the cluster or the job is being created or restarted. */
        DEPLOYING,
        /** The job runs with {@code runningParallelism}. */
        RUNNING,
        /** A change Fling asked for (rescale, stop) is being applied. */
        CHANGING,
        FINISHED,
        FAILED,
        /** Cancelled, or suspended (with the savepoint taken, if any). */
        CANCELLED
    }

    /** A savepoint the runtime reports, with the trigger that asked for it. */
    public record Savepoint(String trigger, String path) {}
}
