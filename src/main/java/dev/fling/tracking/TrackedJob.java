package dev.fling.tracking;

import dev.fling.events.EventType;
import dev.fling.runtime.JobObservation;
import dev.fling.runtime.JobRecord;
import dev.fling.runtime.JobRef;
import dev.fling.runtime.JobState;
import dev.fling.runtime.TrackingState;

/**
 * The tracker's memory of one job. Guarded by its own monitor: every change to a job, and every
 * event about it, happens while holding it, which keeps a job's events in order.
 */
final class TrackedJob {

    private JobRecord record;
    private TrackingState tracking;
    private JobObservation lastObservation;
    private boolean acceptedAnnounced;
    private boolean awaitingRestart;
    private SweepQueue.Due due;

    TrackedJob(JobRecord record) {
        this.record = record;
        this.tracking = record.tracking();
        // A job found in the runtime past ACCEPTED has had its accepted event out already.
        this.acceptedAnnounced = tracking.state() != JobState.ACCEPTED || tracking.announced(EventType.ACCEPTED);
    }

    JobRef ref() {
        return record.ref();
    }

    JobRecord record() {
        return record;
    }

    /** Takes the runtime's newer record; the tracking state stays this instance's own (see {@link #tracking()}). */
    void refresh(JobRecord newer) {
        if (newer.tracking().announced(EventType.ACCEPTED)) {
            // Another instance announced it (and recorded so): a redelivered launch must not repeat
            // it, and the history this instance records must keep it.
            this.acceptedAnnounced = true;
            this.tracking = tracking.withAcceptedOf(newer.tracking());
        }
        // Only this instance's tracking state is kept: one copy of each job's history in memory.
        this.record = newer.withTracking(tracking);
    }

    TrackingState tracking() {
        return tracking;
    }

    JobState state() {
        return tracking.state();
    }

    void tracking(TrackingState next) {
        this.tracking = next;
        this.record = record.withTracking(next);
    }

    JobObservation lastObservation() {
        return lastObservation;
    }

    void lastObservation(JobObservation observation) {
        this.lastObservation = observation;
    }

    boolean acceptedAnnounced() {
        return acceptedAnnounced;
    }

    void acceptedAnnounced(boolean announced) {
        this.acceptedAnnounced = announced;
    }

    boolean awaitingRestart() {
        return awaitingRestart;
    }

    void awaitingRestart(boolean awaiting) {
        this.awaitingRestart = awaiting;
    }

    /** The job's turn in the sweep, if it has one. */
    SweepQueue.Due due() {
        return due;
    }

    void due(SweepQueue.Due next) {
        this.due = next;
    }
}
