package dev.fling.runtime;

import java.time.Instant;

/**
 * What the tracker has already reported of a job, stored beside the job in the runtime so that a
 * restarted Fling neither repeats nor skips a transition: the state last announced and since when,
 * the attempt number, the parallelism last reported running and the last savepoint announced.
 */
public record TrackingState(JobState state, Instant since, int attempt, int parallelism, String lastSavepoint) {

    /** Attempt 1, not started yet, with the parallelism asked for. */
    public static TrackingState initial(JobDefinition definition) {
        return new TrackingState(JobState.ACCEPTED, definition.acceptedAt(), 1, definition.parallelism(), null);
    }

    public TrackingState withState(JobState next, Instant at) {
        return new TrackingState(next, at, attempt, parallelism, lastSavepoint);
    }
}
