package dev.fling.tracking;

import dev.fling.runtime.JobPolicy;
import dev.fling.runtime.JobRecord;
import dev.fling.runtime.JobState;
import dev.fling.runtime.TrackingState;
import java.time.Duration;
import java.time.Instant;

/** When a job's time comes without the runtime telling: pure, for the sweep's queue. */
final class JobTimers {

    private JobTimers() {}

    /**
     * When the tracker must next look at the job without being told: its time-to-live's end once it
     * ended; otherwise the earliest of its deadline, the end of a retry's backoff and, with several
     * instances, the end of the wait for another instance to announce its launch; while it deploys,
     * the moment it has deployed for {@code stuckAfter} (its {@code pending} is due). Null when it
     * waits only for the runtime.
     */
    static Instant nextDue(JobRecord record, TrackingState tracking, boolean waitingForAccepted,
            Duration acceptedGrace, Duration stuckAfter) {
        JobPolicy policy = record.policy();
        if (tracking.state().isTerminal()) {
            return tracking.since().plus(policy.ttlAfterFinished());
        }
        Instant next = policy.deadline();
        if (tracking.state() == JobState.RETRYING) {
            next = earliest(next, tracking.since().plus(policy.retryBackoff()));
        }
        next = earliest(next, JobLifecycle.stuckAt(tracking, stuckAfter));
        if (waitingForAccepted) {
            next = earliest(next, record.acceptedAt().plus(acceptedGrace));
        }
        return next;
    }

    static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

}
