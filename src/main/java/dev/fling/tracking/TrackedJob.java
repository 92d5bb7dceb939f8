package dev.fling.tracking;

import dev.fling.egress.BrokerRefusedException;
import dev.fling.events.EventType;
import dev.fling.runtime.JobObservation;
import dev.fling.runtime.JobRecord;
import dev.fling.runtime.JobRef;
import dev.fling.runtime.JobState;
import dev.fling.runtime.TrackingState;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * The tracker's memory of one job. Changed only on the job's {@link JobTurn}: every change to a
 * job, and every event about it, happens there, which keeps a job's events in order. What readers
 * see is {@link #published()}, replaced at every change.
 */
final class TrackedJob {

    /** A write that is done: what an event the broker already has, or a command's accepted event, counts as. */
    static final CompletableFuture<Void> WRITTEN = CompletableFuture.completedFuture(null);

    private final JobTurn turn;
    private JobRecord record;
    private TrackingState tracking;
    /** The tracking state the runtime holds, as far as this instance knows: what it last wrote or read. */
    private TrackingState recorded;
    private JobObservation lastObservation;
    /** The job as readers (the query API) see it, consistent and up to date after each change. */
    private volatile JobSnapshot published;
    /**
     * The launch's {@code accepted} event: null until it is sent; while the broker has not
     * confirmed it, its write (every later event of the job is sent after it, in order); a write the
     * broker refused counts as never sent.
     */
    private CompletableFuture<Void> acceptedWrite;
    private boolean awaitingRestart;
    private SweepQueue.Due due;
    /** When the sweep tries again what failed about this job (an event, a call); null when nothing did. */
    private Instant tryAgainAt;

    TrackedJob(JobRecord record, java.util.concurrent.Executor turns) {
        this.turn = new JobTurn(turns);
        this.record = record;
        this.tracking = record.tracking();
        this.recorded = record.tracking();
        publish();
        // A job found in the runtime past ACCEPTED has had its accepted event out already.
        if (tracking.state() != JobState.ACCEPTED || tracking.announced(EventType.ACCEPTED)) {
            this.acceptedWrite = WRITTEN;
        }
    }

    JobTurn turn() {
        return turn;
    }

    JobSnapshot published() {
        return published;
    }

    private void publish() {
        published = new JobSnapshot(record, tracking, lastObservation);
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
            this.acceptedWrite = WRITTEN;
            this.tracking = tracking.withAcceptedOf(newer.tracking());
        }
        this.recorded = newer.tracking();
        // Only this instance's tracking state is kept: one copy of each job's history in memory.
        this.record = newer.withTracking(tracking);
        publish();
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
        publish();
    }

    TrackingState recorded() {
        return recorded;
    }

    void recorded(TrackingState state) {
        this.recorded = state;
    }

    JobObservation lastObservation() {
        return lastObservation;
    }

    void lastObservation(JobObservation observation) {
        this.lastObservation = observation;
        publish();
    }

    /** Whether the launch's accepted event is out or on its way to the broker. */
    boolean acceptedAnnounced() {
        return acceptedWrite != null && !acceptedWrite.isCompletedExceptionally();
    }

    /** The write of the launch's accepted event (null when it was never sent). */
    CompletableFuture<Void> acceptedWrite() {
        return acceptedWrite;
    }

    void acceptedSent(CompletableFuture<Void> write) {
        this.acceptedWrite = write;
    }

    /**
     * Whether the broker has the launch's accepted event; waits for it while it is on its way. A
     * write the broker refused is forgotten, so that the event is sent again.
     */
    boolean acceptedOut() {
        if (acceptedWrite == null) {
            return false;
        }
        try {
            acceptedWrite.join();
            return true;
        } catch (BrokerRefusedException | CancellationException refused) {
            acceptedWrite = null;
            return false;
        }
    }

    boolean awaitingRestart() {
        return awaitingRestart;
    }

    void awaitingRestart(boolean awaiting) {
        this.awaitingRestart = awaiting;
    }

    Instant tryAgainAt() {
        return tryAgainAt;
    }

    void tryAgainAt(Instant at) {
        this.tryAgainAt = at;
    }

    /** The job's turn in the sweep, if it has one. */
    SweepQueue.Due due() {
        return due;
    }

    void due(SweepQueue.Due next) {
        this.due = next;
    }
}
