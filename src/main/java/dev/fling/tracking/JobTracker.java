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
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Follows every job: takes the job's turn, asks {@link JobLifecycle} what to do about what just
 * happened (an observation, the sweep's tick, a deletion), does it (the runtime action, then each
 * event, then the state recorded beside the job in the runtime, so that a restarted Fling carries on
 * where this one stopped). Deadlines, retries and time-to-live are driven by {@link #sweep()}
 * ({@link JobSweep}), which looks only at the jobs whose time has come ({@link SweepSchedule}).
 * With several instances ({@code fling.ha.enabled}) only the leader ({@link #lead}) reports and
 * runs the timers; the others mirror what it recorded, answer queries, and take over from there.
 */
@ApplicationScoped
public class JobTracker implements JobListener {

    private static final Logger LOG = Logger.getLogger(JobTracker.class);
    /** Jobs on their turn at once; the rest wait for a thread (they wait on the broker or the runtime). */
    private static final int TURN_THREADS = 32;

    private final SweepSchedule schedule;
    private final Duration stuckAfter;
    private volatile boolean leading;
    private final ExecutorService turns = JobTurn.pool(TURN_THREADS);
    private final TrackedJobs jobs;
    private final JobDecisions decisions;
    private final JobSweep sweep;

    public JobTracker(FlinkRuntime runtime, EventFactory events, EventPublisher publisher, Clock clock,
            MeterRegistry meters, HaConfig ha, TrackingConfig tracking) {
        JobAnnouncer announcer = new JobAnnouncer(events, publisher, runtime);
        JobEffects effects = new JobEffects(runtime, announcer, new LaunchPhaseMeter(meters));
        // With several instances, only the one holding the lease reports transitions and runs the timers.
        boolean shared = ha.enabled();
        this.leading = !shared;
        this.stuckAfter = tracking.stuckAfter();
        this.schedule = new SweepSchedule(clock, shared, stuckAfter);
        this.jobs = new TrackedJobs(turns, meters);
        this.decisions = new JobDecisions(jobs, effects, announcer, clock, shared, stuckAfter);
        this.sweep = new JobSweep(jobs, schedule, decisions, () -> leading);
    }

    /**
     * Makes this instance the one that reports transitions and runs deadlines, retries and
     * time-to-live, or stops it doing so. Jobs are brought up to date by the next sweep.
     */
    public void lead(boolean lead) {
        this.leading = lead;
        if (lead) {
            sweep.catchUp();
        }
    }

    public boolean leading() {
        return leading;
    }

    /** What this instance knows of every job it follows, as of each job's last change. */
    public List<JobSnapshot> snapshot() {
        return jobs.snapshot();
    }

    /**
     * What this instance last published of one job, without waiting for its turn: for readers on
     * threads that must not wait (the event streams' tail looks up the job of every record).
     */
    public Optional<JobSnapshot> published(String name) {
        return jobs.published(name);
    }

    /** What this instance knows of one job, once whatever is on the job's turn now is done. */
    public Optional<JobSnapshot> snapshot(String name) {
        return jobs.snapshot(name);
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
                schedule.reschedule(job);
                return result;
            } catch (RuntimeException e) {
                if (job.lastObservation() == null && !job.acceptedAnnounced()) {
                    jobs.remove(job); // the launch did not happen: nothing to follow
                    schedule.forget(job);
                } else {
                    schedule.tryAgainSoon(job);
                }
                throw e;
            }
        }));
    }

    private TrackedJob track(JobRecord record) {
        return jobs.track(record);
    }

    /** Takes the runtime's reading of the job on the job's turn; the runtime's thread goes on. */
    @Override
    public void observed(JobRecord record, JobObservation observation) {
        TrackedJob job = track(record);
        // Kept and tried again by the sweep (an event the broker did not take, a record the runtime refused).
        onTurn(job, () -> observedOnTurn(job, record, observation), "could not act on the state of %s (%s); trying again");
    }

    private static void onTurn(TrackedJob job, Runnable work, String failure) {
        job.turn().submitLogged(work, LOG, failure, job.ref());
    }

    private void observedOnTurn(TrackedJob job, JobRecord record, JobObservation observation) {
        job.refresh(record);
        job.lastObservation(observation);
        if (!leading) {
            // A follower mirrors what the runtime's record says the leader reported.
            decideAndPerform(job, now -> JobLifecycle.observed(new JobLifecycle.Facts(record, job.tracking(),
                    observation, job.awaitingRestart(), false, stuckAfter), now));
            return;
        }
        try {
            if (handle(job).acceptedFirst()) {
                decideAndPerform(job, now -> JobLifecycle.observed(facts(job), now));
            }
            job.tryAgainAt(null); // up to date with the latest observation
            schedule.reschedule(job);
        } catch (RuntimeException e) {
            schedule.tryAgainSoon(job);
            throw e;
        }
    }

    /**
     * Runs {@code change} on the turn of a job this instance follows, and waits for it; empty when it
     * follows no job of that name. Unlike {@link #withJob}, a failure leaves the job followed.
     */
    public <T> Optional<T> withKnownJob(String name, Function<JobHandle, T> change) {
        TrackedJob job = jobs.get(name);
        if (job == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(JobTurn.await(job.turn().submit(() -> change.apply(handle(job)))));
    }

    /** Fling's queue holds the job back: on the leader, its {@code pending} event goes out once, after its accepted. */
    public void waiting(String name, JobLifecycle.Wait wait) {
        TrackedJob job = jobs.get(name);
        if (job == null) {
            return;
        }
        onTurn(job, () -> {
            if (leading && job.state() == JobState.ACCEPTED && handle(job).acceptedFirst()) {
                decideAndPerform(job, now -> JobLifecycle.waiting(facts(job), wait, now));
            }
        }, "could not announce that job %s waits (%s); trying again");
    }

    @Override
    public void removed(JobRef ref) {
        TrackedJob job = jobs.remove(ref.name());
        if (job == null) {
            return;
        }
        onTurn(job, () -> {
            schedule.forget(job);
            if (leading && !job.state().isTerminal()) {
                LOG.warnf("job %s was deleted from the runtime before it ended", ref);
            }
            decideAndPerform(job, now -> JobLifecycle.removed(facts(job), now));
        }, "could not report that job %s was deleted (%s)");
    }

    /**
     * Enforces deadlines, starts due retries, deletes what outlived its TTL, and tries again what
     * failed: for the jobs whose time has come, or for every job once this instance starts leading.
     */
    public void sweep() {
        sweep.run();
    }

    private JobLifecycle.Facts facts(TrackedJob job) {
        return decisions.facts(job, leading);
    }

    private void decideAndPerform(TrackedJob job, Function<Instant, JobLifecycle.Decision> decide) {
        decisions.perform(job, leading, decide);
    }

    private JobHandle handle(TrackedJob job) {
        return decisions.handle(job);
    }
}
