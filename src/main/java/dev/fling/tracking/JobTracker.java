package dev.fling.tracking;

import dev.fling.egress.EventFactory;
import dev.fling.egress.EventPublisher;
import dev.fling.leadership.HaConfig;
import dev.fling.runtime.FlinkRuntime;
import dev.fling.runtime.JobListener;
import dev.fling.runtime.JobObservation;
import dev.fling.runtime.JobRecord;
import dev.fling.runtime.JobRef;
import dev.fling.runtime.JobState;
import dev.fling.runtime.TrackingState;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Follows every job: takes the job's turn, asks {@link JobLifecycle} what to do about what just
 * happened (an observation, the sweep's tick, a deletion), does it (the runtime action, then each
 * event, then the state recorded beside the job in the runtime, so that a restarted Fling carries on
 * where this one stopped). Deadlines, retries and time-to-live are driven by {@link #sweep()}, which
 * looks only at the jobs whose time has come ({@link SweepQueue}).
 * With several instances ({@code fling.ha.enabled}) only the leader ({@link #lead}) reports and
 * runs the timers; the others mirror what it recorded, answer queries, and take over from there.
 */
@ApplicationScoped
public class JobTracker implements JobListener {

    private static final Logger LOG = Logger.getLogger(JobTracker.class);
    /** How long a leader waits for another instance to announce a launch it dispatched. */
    static final Duration ACCEPTED_GRACE = Duration.ofSeconds(30);
    /** How soon the sweep tries again what failed (an event the broker did not take, a call the API refused). */
    static final Duration TRY_AGAIN = Duration.ofSeconds(1);
    /** Jobs on their turn at once; the rest wait for a thread (they wait on the broker or the runtime). */
    private static final int TURN_THREADS = 32;

    private final Map<String, TrackedJob> jobs = new ConcurrentHashMap<>();
    private final SweepQueue due = new SweepQueue();
    private final FlinkRuntime runtime;
    private final JobAnnouncer announcer;
    private final JobEffects effects;
    private final Clock clock;
    private final boolean shared;
    private volatile boolean leading;
    /** Set when this instance starts leading: the next sweep brings every job up to date. */
    private volatile boolean catchUp;
    private final ExecutorService turns = JobTurn.pool(TURN_THREADS);

    public JobTracker(FlinkRuntime runtime, EventFactory events, EventPublisher publisher, Clock clock,
            MeterRegistry meters, HaConfig ha) {
        this.runtime = runtime;
        this.announcer = new JobAnnouncer(events, publisher, runtime);
        this.effects = new JobEffects(runtime, announcer);
        this.clock = clock;
        // With several instances, only the one holding the lease reports transitions and runs the timers.
        this.shared = ha.enabled();
        this.leading = !shared;
        meters.gauge("fling.jobs.active", jobs, all -> all.values().stream()
                .filter(job -> !job.published().tracking().state().isTerminal()).count());
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

    /** What this instance knows of every job it follows, as of each job's last change. */
    public List<JobSnapshot> snapshot() {
        List<JobSnapshot> all = new ArrayList<>();
        for (TrackedJob job : jobs.values()) {
            all.add(job.published());
        }
        return all;
    }

    /** What this instance knows of one job, once whatever is on the job's turn now is done. */
    public Optional<JobSnapshot> snapshot(String name) {
        TrackedJob job = jobs.get(name);
        if (job == null) {
            return Optional.empty();
        }
        return Optional.of(JobTurn.await(job.turn().submit(job::published)));
    }

    /**
     * Runs {@code change} on the job's turn and waits for it, so that what the runtime reports
     * meanwhile waits until the change and its {@code accepted} event are out. What
     * {@code change} throws is thrown here, as it was thrown.
     */
    public <T> T withJob(JobRecord record, Function<JobHandle, T> change) {
        TrackedJob job = track(record);
        return JobTurn.await(job.turn().submit(() -> {
            try {
                T result = change.apply(handle(job));
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
        }));
    }

    private TrackedJob track(JobRecord record) {
        return jobs.computeIfAbsent(record.ref().name(), name -> new TrackedJob(record, turns));
    }

    /** Takes the runtime's reading of the job on the job's turn; the runtime's thread goes on. */
    @Override
    public void observed(JobRecord record, JobObservation observation) {
        TrackedJob job = track(record);
        job.turn().submit(() -> {
            observedOnTurn(job, record, observation);
            return null;
        }).exceptionally(failure -> {
            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            // Kept and tried again by the sweep (an event the broker did not take, a record the runtime refused).
            LOG.warnf("could not act on the state of %s (%s); trying again", record.ref(), cause);
            return null;
        });
    }

    private void observedOnTurn(TrackedJob job, JobRecord record, JobObservation observation) {
        job.refresh(record);
        job.lastObservation(observation);
        if (!leading) {
            // A follower mirrors what the runtime's record says the leader reported.
            decideAndPerform(job, now -> JobLifecycle.observed(new JobLifecycle.Facts(record, job.tracking(),
                    observation, job.awaitingRestart(), false), now));
            return;
        }
        try {
            if (acceptedFirst(job)) {
                decideAndPerform(job, now -> JobLifecycle.observed(facts(job), now));
            }
            job.tryAgainAt(null); // up to date with the latest observation
            reschedule(job);
        } catch (RuntimeException e) {
            tryAgainSoon(job);
            throw e;
        }
    }

    @Override
    public void removed(JobRef ref) {
        TrackedJob job = jobs.remove(ref.name());
        if (job == null) {
            return;
        }
        job.turn().submit(() -> {
            due.schedule(job, null);
            if (leading && !job.state().isTerminal()) {
                LOG.warnf("job %s was deleted from the runtime before it ended", ref);
            }
            decideAndPerform(job, now -> JobLifecycle.removed(facts(job), now));
            return null;
        }).exceptionally(failure -> {
            LOG.warnf("could not report that job %s was deleted (%s)", ref, failure.getCause());
            return null;
        });
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
                job.turn().submit(() -> {
                    sweepHeld(job);
                    return null;
                });
            }
        }
        Instant now = clock.instant();
        for (SweepQueue.Due turn = due.poll(now); turn != null; turn = due.poll(now)) {
            SweepQueue.Due polled = turn;
            TrackedJob job = polled.job();
            job.turn().submit(() -> {
                if (due.claim(polled)) {
                    sweepHeld(job);
                }
                return null;
            });
        }
    }

    /** Sweeps one job on its turn, and queues it for whatever it waits for next. */
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
        due.schedule(job, JobTimers.earliest(nextDue(job), job.tryAgainAt()));
    }

    private void tryAgainSoon(TrackedJob job) {
        job.tryAgainAt(clock.instant().plus(TRY_AGAIN));
        reschedule(job);
    }

    private Instant nextDue(TrackedJob job) {
        return JobTimers.nextDue(job.record(), job.tracking(), shared && !job.acceptedAnnounced(), ACCEPTED_GRACE);
    }

    /** The job's time may have come (deadline, backoff, time-to-live), or a try again is due. */
    private void sweep(TrackedJob job) {
        if (!job.state().isTerminal() && !acceptedFirst(job)) {
            return;
        }
        decideAndPerform(job, now -> JobLifecycle.tick(facts(job), now));
    }

    private JobLifecycle.Facts facts(TrackedJob job) {
        return new JobLifecycle.Facts(job.record(), job.tracking(), job.lastObservation(), job.awaitingRestart(),
                leading);
    }

    /**
     * Carries out a decision: the runtime action first (nothing is announced of a stop or restart
     * that did not happen), then each step in order, its event out before its state is kept. A
     * failure leaves the rest for the next try; what was done stays done.
     */
    private void decideAndPerform(TrackedJob job, Function<Instant, JobLifecycle.Decision> decide) {
        Instant now = clock.instant();
        if (effects.perform(job, decide.apply(now), now, leading)) {
            jobs.remove(job.ref().name(), job); // deleted after its time-to-live
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
        handle(job).announceLaunch();
        return true;
    }

    private JobHandle handle(TrackedJob job) {
        return new JobHandle(job, announcer, clock, shared);
    }
}
