package dev.fling.tracking;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * How the tracker and its sweep act on a job once it is on its turn: gather what
 * {@link JobLifecycle} decides from, ask it, and carry the decision out.
 */
final class JobDecisions {

    private final TrackedJobs jobs;
    private final JobEffects effects;
    private final JobAnnouncer announcer;
    private final Clock clock;
    private final boolean shared;
    private final Duration stuckAfter;

    JobDecisions(TrackedJobs jobs, JobEffects effects, JobAnnouncer announcer, Clock clock, boolean shared,
            Duration stuckAfter) {
        this.jobs = jobs;
        this.effects = effects;
        this.announcer = announcer;
        this.clock = clock;
        this.shared = shared;
        this.stuckAfter = stuckAfter;
    }

    JobLifecycle.Facts facts(TrackedJob job, boolean leading) {
        return new JobLifecycle.Facts(job.record(), job.tracking(), job.lastObservation(), job.awaitingRestart(),
                leading, stuckAfter);
    }

    /**
     * Carries out a decision: the runtime action first (nothing is announced of a stop or restart
     * that did not happen), then each step in order, its event out before its state is kept. A
     * failure leaves the rest for the next try; what was done stays done.
     */
    void perform(TrackedJob job, boolean leading, Function<Instant, JobLifecycle.Decision> decide) {
        Instant now = clock.instant();
        if (effects.perform(job, decide.apply(now), now, leading)) {
            jobs.remove(job); // deleted after its time-to-live
        }
    }

    /** A job still to be followed by the sweep: ended, or with its {@code accepted} out (sent now if it was not). */
    boolean announcedOrEnded(TrackedJob job) {
        return job.state().isTerminal() || handle(job).acceptedFirst();
    }

    JobHandle handle(TrackedJob job) {
        return new JobHandle(job, announcer, clock, shared);
    }
}
