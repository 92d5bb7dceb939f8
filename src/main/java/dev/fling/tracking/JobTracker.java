package dev.fling.tracking;

import dev.fling.leadership.HaConfig;
import dev.fling.egress.EventFactory;
import dev.fling.egress.EventPublisher;
import dev.fling.events.EventType;
import dev.fling.events.RequestContext;
import dev.fling.events.RequestType;
import dev.fling.events.payload.EventData;
import dev.fling.runtime.FlinkRuntime;
import dev.fling.runtime.JobListener;
import dev.fling.runtime.JobObservation;
import dev.fling.runtime.JobRecord;
import dev.fling.runtime.JobRef;
import dev.fling.runtime.JobState;
import dev.fling.runtime.TrackingState;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * One state machine per job, fed by what the runtime observes and by the commands Fling applies.
 * Emits exactly one lifecycle event per transition, with an id fixed by (job, transition), and
 * stores what it reported beside the job in the runtime, so that a restarted Fling carries on
 * where this one stopped. Deadlines, retries and time-to-live are driven by {@link #sweep()}, which
 * looks only at the jobs whose time has come ({@link SweepQueue}).
 * With several instances ({@code fling.ha.enabled}) only the leader ({@link #lead}) reports and
 * runs the timers; the others mirror what it recorded, answer queries, and take over from there.
 */
@ApplicationScoped
public class JobTracker implements JobListener {

    private static final Logger LOG = Logger.getLogger(JobTracker.class);
    private static final Set<JobState> NOT_STARTED =
            EnumSet.of(JobState.ACCEPTED, JobState.PENDING, JobState.DEPLOYING, JobState.RETRYING);
    /** How long a leader waits for another instance to announce a launch it dispatched. */
    static final Duration ACCEPTED_GRACE = Duration.ofSeconds(30);
    /** How soon the sweep tries again what failed (an event the broker did not take, a call the API refused). */
    static final Duration TRY_AGAIN = Duration.ofSeconds(1);

    private final Map<String, TrackedJob> jobs = new ConcurrentHashMap<>();
    private final SweepQueue due = new SweepQueue();
    private final FlinkRuntime runtime;
    private final EventFactory events;
    private final EventPublisher publisher;
    private final Clock clock;
    private final boolean shared;
    private volatile boolean leading;
    /** Set when this instance starts leading: the next sweep brings every job up to date. */
    private volatile boolean catchUp;

    public JobTracker(FlinkRuntime runtime, EventFactory events, EventPublisher publisher, Clock clock,
            MeterRegistry meters, HaConfig ha) {
        this.runtime = runtime;
        this.events = events;
        this.publisher = publisher;
        this.clock = clock;
        // With several instances, only the one holding the lease reports transitions and runs the timers.
        this.shared = ha.enabled();
        this.leading = !shared;
        meters.gauge("fling.jobs.active", jobs, all -> all.values().stream()
                .filter(job -> !job.state().isTerminal()).count());
    }

    /**
     * Makes this instance the one that reports transitions and runs deadlines, retries and
     * time-to-live, or stops it doing so. Jobs are brought up to date by the next sweep.
     */
    public void lead(boolean lead) {
        this.leading = lead;
        if (lead) {
            catchUp = true;
        }
    }

    public boolean leading() {
        return leading;
    }

    /** What this instance knows of every job it follows, each read under its lock. */
    public List<JobSnapshot> snapshot() {
        List<JobSnapshot> all = new ArrayList<>();
        for (TrackedJob job : jobs.values()) {
            synchronized (job) {
                all.add(new JobSnapshot(job.record(), job.tracking(), job.lastObservation()));
            }
        }
        return all;
    }

    /** What this instance knows of one job. */
    public Optional<JobSnapshot> snapshot(String name) {
        TrackedJob job = jobs.get(name);
        if (job == null) {
            return Optional.empty();
        }
        synchronized (job) {
            return Optional.of(new JobSnapshot(job.record(), job.tracking(), job.lastObservation()));
        }
    }

    /**
     * Runs {@code change} on the job while holding its lock, so that what the runtime reports
     * meanwhile waits until the change and its {@code accepted} event are out.
     */
    public <T> T withJob(JobRecord record, Function<JobHandle, T> change) {
        TrackedJob job = jobs.computeIfAbsent(record.ref().name(), name -> new TrackedJob(record));
        synchronized (job) {
            try {
                T result = change.apply(new JobHandle(job));
                reschedule(job);
                return result;
            } catch (RuntimeException e) {
                if (job.lastObservation() == null && !job.acceptedAnnounced()) {
                    jobs.remove(record.ref().name(), job); // the launch did not happen: nothing to follow
                    due.schedule(job, null);
                } else {
                    tryAgainSoon(job);
                }
                throw e;
            }
        }
    }

    @Override
    public void observed(JobRecord record, JobObservation observation) {
        TrackedJob job = jobs.computeIfAbsent(record.ref().name(), name -> new TrackedJob(record));
        synchronized (job) {
            job.refresh(record);
            job.lastObservation(observation);
            if (!leading) {
                // The leader reports and records; this instance mirrors what it recorded, ready to take over.
                job.tracking(record.tracking());
                return;
            }
            try {
                advance(job);
                job.tryAgainAt(null); // up to date with the latest observation
                reschedule(job);
            } catch (RuntimeException e) {
                tryAgainSoon(job);
                throw e;
            }
        }
    }

    @Override
    public void removed(JobRef ref) {
        TrackedJob job = jobs.remove(ref.name());
        if (job == null) {
            return;
        }
        synchronized (job) {
            due.schedule(job, null);
            if (leading && !job.state().isTerminal()) {
                // Deleted behind Fling's back: whoever waits for this job must still hear that it ended.
                LOG.warnf("job %s was deleted from the runtime before it ended", ref);
                announce(job, cause(job, job.record().cancelRequest()),
                        new EventData.Cancelled(ref.name(), null, "external"), null);
            }
        }
    }

    /**
     * Enforces deadlines, starts due retries, deletes what outlived its TTL, and tries again what
     * failed: for the jobs whose time has come, or for every job once this instance starts leading.
     */
    public void sweep() {
        if (!leading) {
            return;
        }
        if (catchUp) {
            catchUp = false;
            for (TrackedJob job : jobs.values()) {
                synchronized (job) {
                    sweepHeld(job);
                }
            }
        }
        Instant now = clock.instant();
        for (SweepQueue.Due turn = due.poll(now); turn != null; turn = due.poll(now)) {
            TrackedJob job = turn.job();
            synchronized (job) {
                if (due.claim(turn)) {
                    sweepHeld(job);
                }
            }
        }
    }

    /** Sweeps one job, its lock held, and queues it for whatever it waits for next. */
    private void sweepHeld(TrackedJob job) {
        if (jobs.get(job.ref().name()) != job) {
            due.schedule(job, null); // dropped meanwhile, e.g. a launch that did not happen
            return;
        }
        try {
            sweep(job);
            job.tryAgainAt(null);
            if (jobs.get(job.ref().name()) == job) {
                reschedule(job);
            } else {
                due.schedule(job, null); // its time-to-live passed: deleted
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "could not bring job %s up to date; trying again in %d s", job.ref(), TRY_AGAIN.toSeconds());
            tryAgainSoon(job);
        }
    }

    /**
     * Queues the job for the sweep at the next thing it waits for, if any; a try again that is
     * still to come stays queued (a command handled meanwhile does not bring the job up to date).
     */
    private void reschedule(TrackedJob job) {
        due.schedule(job, earliest(nextDue(job), job.tryAgainAt()));
    }

    private void tryAgainSoon(TrackedJob job) {
        job.tryAgainAt(clock.instant().plus(TRY_AGAIN));
        reschedule(job);
    }

    /**
     * When the sweep must next look at the job: its time-to-live's end once it ended; otherwise the
     * earliest of its deadline, the end of a retry's backoff and, with several instances, the end of
     * the wait for its {@code accepted} event. Null when it waits only for the runtime.
     */
    private Instant nextDue(TrackedJob job) {
        JobRecord record = job.record();
        TrackingState tracking = job.tracking();
        if (tracking.state().isTerminal()) {
            return tracking.since().plus(record.policy().ttlAfterFinished());
        }
        Instant next = record.policy().deadline();
        if (tracking.state() == JobState.RETRYING) {
            next = earliest(next, tracking.since().plus(record.policy().retryBackoff()));
        }
        if (shared && !job.acceptedAnnounced()) {
            next = earliest(next, record.acceptedAt().plus(ACCEPTED_GRACE));
        }
        return next;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    private void sweep(TrackedJob job) {
        Instant now = clock.instant();
        JobRecord record = job.record();
        TrackingState tracking = job.tracking();
        if (tracking.state().isTerminal()) {
            if (!now.isBefore(tracking.since().plus(record.policy().ttlAfterFinished()))) {
                LOG.infof("deleting job %s: %s ended at %s and its time-to-live has passed", job.ref(),
                        tracking.state(), tracking.since());
                runtime.delete(job.ref());
                jobs.remove(job.ref().name(), job);
            }
            return;
        }
        if (!acceptedFirst(job)) {
            return;
        }
        Instant deadline = record.policy().deadline();
        if (deadline != null && !now.isBefore(deadline)) {
            LOG.infof("job %s passed its deadline of %d s; stopping it", job.ref(), record.policy().deadlineSeconds());
            runtime.stop(job.ref(), false, null);
            finish(job, JobState.TIMED_OUT, record.launch(),
                    new EventData.TimedOut(job.ref().name(), record.policy().deadlineSeconds()));
            return;
        }
        if (tracking.state() == JobState.RETRYING
                && !now.isBefore(tracking.since().plus(record.policy().retryBackoff()))) {
            int attempt = tracking.attempt() + 1;
            LOG.infof("job %s: starting attempt %d of %d", job.ref(), attempt, record.policy().maxAttempts());
            runtime.restart(job.ref(), attempt);
            job.awaitingRestart(true);
            store(job, tracking.withAttempt(attempt).withState(JobState.DEPLOYING, now));
            return;
        }
        advance(job);
    }

    private void advance(TrackedJob job) {
        if (!acceptedFirst(job)) {
            return;
        }
        JobObservation seen = job.lastObservation();
        if (seen == null || job.state().isTerminal()) {
            return;
        }
        reportSavepoint(job, seen);
        if (job.awaitingRestart()) {
            if (seen.phase() == JobObservation.Phase.FAILED || !seen.current()) {
                return; // still the failed attempt
            }
            job.awaitingRestart(false);
        }
        switch (seen.phase()) {
            case QUEUED -> {
                if (job.state() == JobState.ACCEPTED) {
                    announce(job, job.record().launch(), new EventData.Pending(job.ref().name(), seen.message()), null);
                    store(job, job.tracking().withState(JobState.PENDING, clock.instant()));
                }
            }
            case DEPLOYING -> {
                if (job.state() == JobState.ACCEPTED || job.state() == JobState.PENDING) {
                    job.tracking(job.tracking().withState(JobState.DEPLOYING, clock.instant()));
                }
            }
            case CHANGING -> { }
            case RUNNING -> running(job, seen);
            case FINISHED -> finish(job, JobState.SUCCEEDED, job.record().launch(),
                    new EventData.Succeeded(job.ref().name(), seen.flinkJobId()));
            case FAILED -> failed(job, seen);
            case CANCELLED -> {
                RequestContext request = job.record().cancelRequest();
                finish(job, JobState.CANCELLED, cause(job, request), new EventData.Cancelled(job.ref().name(),
                        seen.stopSavepointPath(), request != null ? "requested" : "external"));
            }
        }
    }

    /**
     * Nothing about a job goes out before its accepted event: whether it is out, waiting for a write
     * still on its way, or sent now when it is not. Alone, this instance announced it
     * while dispatching (under the job's lock), so a job found without one was launched just
     * before a crash: announce it now. With several instances, another one may be announcing it
     * right now; it records that it did, and this leader waits for that record, or announces it
     * itself when nobody has for {@link #ACCEPTED_GRACE} (a dispatcher that died whose request was
     * not sent again). The same goes for an accepted event the broker refused. Returns whether the
     * job may move on.
     */
    private boolean acceptedFirst(TrackedJob job) {
        if (job.acceptedOut()) {
            return true;
        }
        if (shared && clock.instant().isBefore(job.record().acceptedAt().plus(ACCEPTED_GRACE))) {
            return false;
        }
        new JobHandle(job).announceLaunch();
        return true;
    }

    private void running(TrackedJob job, JobObservation seen) {
        if (!seen.current()) {
            return;
        }
        TrackingState tracking = job.tracking();
        Instant now = clock.instant();
        if (NOT_STARTED.contains(tracking.state())) {
            announce(job, job.record().launch(), new EventData.Started(job.ref().name(), seen.flinkJobId(),
                    seen.runningParallelism(), tracking.attempt()), Integer.toString(tracking.attempt()));
            store(job, tracking.withParallelism(seen.runningParallelism()).withState(JobState.RUNNING, now));
        } else if (seen.runningParallelism() != tracking.parallelism()) {
            announce(job, cause(job, job.record().rescaleRequest()), new EventData.Rescaled(job.ref().name(),
                    tracking.parallelism(), seen.runningParallelism(), seen.rescaleMethod()),
                    Long.toString(seen.revision()));
            store(job, tracking.withParallelism(seen.runningParallelism()).withState(JobState.RUNNING, now));
        }
    }

    private void failed(TrackedJob job, JobObservation seen) {
        if (!seen.current() || job.state() == JobState.RETRYING) {
            return; // a retry is already scheduled for this failure
        }
        TrackingState tracking = job.tracking();
        int maxAttempts = job.record().policy().maxAttempts();
        if (tracking.attempt() < maxAttempts) {
            LOG.infof("job %s failed on attempt %d of %d (%s); retrying in %s", job.ref(), tracking.attempt(),
                    maxAttempts, seen.message(), job.record().policy().retryBackoff());
            store(job, tracking.withLastError(seen.message()).withState(JobState.RETRYING, clock.instant()));
            return;
        }
        job.tracking(tracking.withLastError(seen.message()));
        finish(job, JobState.FAILED, job.record().launch(),
                new EventData.Failed(job.ref().name(), Objects.requireNonNullElse(seen.message(), "unknown"),
                        tracking.attempt()));
    }

    private void reportSavepoint(TrackedJob job, JobObservation seen) {
        JobObservation.Savepoint savepoint = seen.savepoint();
        if (savepoint == null || savepoint.path() == null
                || Objects.equals(savepoint.trigger(), job.tracking().lastSavepoint())) {
            return;
        }
        announce(job, cause(job, job.record().savepointRequest()),
                new EventData.SavepointCompleted(job.ref().name(), savepoint.path()), savepoint.trigger());
        store(job, job.tracking().withLastSavepoint(savepoint.trigger()));
    }

    private void finish(TrackedJob job, JobState state, RequestContext cause, EventData data) {
        announce(job, cause, data, null);
        store(job, job.tracking().withState(state, clock.instant()));
        LOG.infof("job %s %s", job.ref(), state);
    }

    /** Publishes and waits for the broker; a failure leaves the state as it was, to be tried again. */
    private CloudEvent announce(TrackedJob job, RequestContext cause, EventData data, String occurrence) {
        return announce(job, cause, data, occurrence, clock.instant());
    }

    /** Publishes a lifecycle event and adds it to the job's history (stored with the next state). */
    private CloudEvent announce(TrackedJob job, RequestContext cause, EventData data, String occurrence, Instant time) {
        CloudEvent event = publish(job, cause, data, occurrence, time);
        job.tracking(job.tracking().withEvent(new TrackingState.Announced(event.getType(), occurrence, time)));
        return event;
    }

    private CloudEvent publish(TrackedJob job, RequestContext cause, EventData data, String occurrence, Instant time) {
        CloudEvent event = events.forJob(job.ref(), cause, data, occurrence, time);
        publisher.publish(event).toCompletableFuture().join();
        return event;
    }

    /** Stores {@code next} with every event announced so far (announce adds them to the current state). */
    private void store(TrackedJob job, TrackingState next) {
        next = next.withEvents(job.tracking().events());
        job.tracking(next);
        try {
            runtime.record(job.ref(), next);
        } catch (RuntimeException e) {
            // The event is out; if this is lost, a restart repeats it with the same id, which is allowed.
            LOG.warnf(e, "could not record state %s of job %s in the runtime", next.state(), job.ref());
        }
    }

    private static RequestContext cause(TrackedJob job, RequestContext request) {
        return request != null ? request : job.record().launch();
    }

    /** An {@code accepted} event, and when the broker has it. */
    public record Announcement(CloudEvent event, CompletionStage<Void> written) {}

    /** A job held under its lock, for the command handlers. */
    public final class JobHandle {
        private final TrackedJob job;

        private JobHandle(TrackedJob job) {
            this.job = job;
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
                    type.shortName(), runtime.name());
            // The launch's accepted event carries the time the job was accepted, whichever delivery sends it.
            Instant time = type == RequestType.LAUNCH ? job.record().acceptedAt() : clock.instant();
            if (type != RequestType.LAUNCH) {
                // A command's accepted event answers its sender; the job's history keeps what the job did.
                return new Announcement(publish(job, request, data, occurrence, time), TrackedJob.WRITTEN);
            }
            CloudEvent accepted = events.forJob(job.ref(), request, data, occurrence, time);
            if (job.acceptedAnnounced()) {
                return new Announcement(accepted, job.acceptedWrite());
            }
            CompletableFuture<Void> write = publisher.publish(accepted).toCompletableFuture();
            job.acceptedSent(write);
            job.tracking(job.tracking().withEvent(new TrackingState.Announced(accepted.getType(), occurrence, time)));
            if (shared) {
                write.join();
                store(job, job.tracking()); // tells the leader, which may be another instance, to go on
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

        /** Sends the launch's accepted event unless it is on its way, and waits until the broker has it. */
        private void announceLaunch() {
            announceAccepted(job.record().launch(), RequestType.LAUNCH).written().toCompletableFuture().join();
        }

        /** Moves the job to a new state (e.g. RESCALING) and stores it. */
        public void moveTo(JobState state) {
            store(job, job.tracking().withState(state, clock.instant()));
        }
    }
}
