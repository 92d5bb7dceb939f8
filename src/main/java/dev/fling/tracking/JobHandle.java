package dev.fling.tracking;

import dev.fling.events.RequestContext;
import dev.fling.events.RequestType;
import dev.fling.events.payload.EventData;
import dev.fling.runtime.JobRecord;
import dev.fling.runtime.JobState;
import dev.fling.runtime.TrackingState;
import io.cloudevents.CloudEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** A job on its turn in the tracker, for the command handlers (see {@link JobTracker#withJob}). */
public final class JobHandle {

    /** How long a leader waits for another instance to announce a launch it dispatched. */
    static final Duration ACCEPTED_GRACE = Duration.ofSeconds(30);

    private final TrackedJob job;
    private final JobAnnouncer announcer;
    private final Clock clock;
    private final boolean shared;

    JobHandle(TrackedJob job, JobAnnouncer announcer, Clock clock, boolean shared) {
        this.job = job;
        this.announcer = announcer;
        this.clock = clock;
        this.shared = shared;
    }

    public JobState state() {
        return job.state();
    }

    public TrackingState tracking() {
        return job.tracking();
    }

    public JobRecord record() {
        return job.record();
    }

    /**
     * Emits {@code accepted} for a request on this job. A launch's is sent and not waited for:
     * whatever is said of the job later is sent after it, on the same partition, and waits for
     * it (see {@link TrackedJob#acceptedOut()}); the returned write tells when the broker has it.
     * A launch delivered again is not announced again, unless the broker refused the first
     * announcement. A command's accepted event is out when this returns.
     */
    public Announcement announceAccepted(RequestContext request, RequestType type) {
        String occurrence = type == RequestType.LAUNCH ? null : type.shortName() + "/" + request.key();
        EventData.Accepted data = new EventData.Accepted(job.ref().name(), job.ref().namespace(),
                type.shortName(), announcer.runtimeName());
        // The launch's accepted event carries the time the job was accepted, whichever delivery sends it.
        Instant time = type == RequestType.LAUNCH ? job.record().acceptedAt() : clock.instant();
        if (type != RequestType.LAUNCH) {
            // A command's accepted event answers its sender; the job's history keeps what the job did.
            return new Announcement(announcer.publish(job, request, data, occurrence, time), TrackedJob.WRITTEN);
        }
        CloudEvent accepted = announcer.event(job, request, data, occurrence, time);
        if (job.acceptedAnnounced()) {
            return new Announcement(accepted, job.acceptedWrite());
        }
        CompletableFuture<Void> write = announcer.send(accepted);
        job.acceptedSent(write);
        job.tracking(job.tracking().withEvent(new TrackingState.Announced(accepted.getType(), occurrence, time)));
        if (shared) {
            write.join();
            announcer.record(job, job.tracking()); // tells the leader, which may be another instance, to go on
        }
        return new Announcement(accepted, write);
    }

    /**
     * Before a command acts on the job: waits until the launch's accepted event, if this
     * instance sent it, is out, and sends it again if the broker refused it; so a command's
     * events never overtake its launch's.
     */
    public void awaitLaunchAnnounced() {
        if (job.acceptedWrite() != null && !job.acceptedOut()) {
            announceLaunch();
        }
    }

    /**
     * Nothing about a job goes out before its accepted event: whether it is out, waiting for a write
     * still on its way, or sent now when it is not. Alone, this instance announced it while
     * dispatching (on the job's turn), so a job found without one was launched just before a
     * crash: announce it now. With several instances, another one may be announcing it right now;
     * it records that it did, and this leader waits for that record, or announces it itself when
     * nobody has for {@link #ACCEPTED_GRACE} (a dispatcher that died whose request was not sent
     * again). The same goes for an accepted event the broker refused. Returns whether the job may
     * move on.
     */
    boolean acceptedFirst() {
        if (job.acceptedOut()) {
            return true;
        }
        if (shared && clock.instant().isBefore(job.record().acceptedAt().plus(ACCEPTED_GRACE))) {
            return false;
        }
        announceLaunch();
        return true;
    }

    /** Sends the launch's accepted event unless it is on its way, and waits until the broker has it. */
    void announceLaunch() {
        announceAccepted(job.record().launch(), RequestType.LAUNCH).written().toCompletableFuture().join();
    }

    /** Moves the job to a new state (e.g. RESCALING) and records it. */
    public void moveTo(JobState state) {
        announcer.record(job, job.tracking().withState(state, clock.instant()));
    }

    /**
     * Moves the job to a new state that {@code write} records in the runtime together with the change
     * it makes there (one write); if {@code write} throws, nothing changed.
     */
    public void moveTo(JobState state, java.util.function.Consumer<TrackingState> write) {
        TrackingState next = job.tracking().withState(state, clock.instant());
        write.accept(next);
        announcer.recorded(job, next);
    }
}
