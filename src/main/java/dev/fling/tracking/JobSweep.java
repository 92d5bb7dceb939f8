package dev.fling.tracking;

import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * The leader's timers: enforces deadlines, starts due retries, deletes what outlived its TTL and
 * tries again what failed, for the jobs whose time has come ({@link SweepSchedule}), or for every
 * job once this instance starts leading.
 */
final class JobSweep {

    private static final Logger LOG = Logger.getLogger(JobSweep.class);

    private final TrackedJobs jobs;
    private final SweepSchedule schedule;
    private final JobDecisions decisions;
    private final BooleanSupplier leading;
    /** Set when this instance starts leading: the next sweep brings every job up to date. */
    private volatile boolean catchUp;

    JobSweep(TrackedJobs jobs, SweepSchedule schedule, JobDecisions decisions, BooleanSupplier leading) {
        this.jobs = jobs;
        this.leading = leading;
        this.schedule = schedule;
        this.decisions = decisions;
    }

    /** The next run looks at every job, not only those whose time has come. */
    void catchUp() {
        catchUp = true;
    }

    /** One round; only the leader runs it. */
    void run() {
        if (!leading.getAsBoolean()) {
            return;
        }
        if (catchUp) {
            catchUp = false;
            for (TrackedJob job : jobs.all()) {
                job.turn().submitLogged(() -> sweepHeld(job), LOG, "could not bring job %s up to date (%s)", job.ref());
            }
        }
        schedule.takeDue(this::sweepHeld);
    }

    /** Sweeps one job on its turn, and queues it for whatever it waits for next. */
    private void sweepHeld(TrackedJob job) {
        if (!jobs.follows(job)) {
            schedule.forget(job); // dropped meanwhile, e.g. a launch that did not happen
            return;
        }
        try {
            if (decisions.announcedOrEnded(job)) {
                boolean lead = leading.getAsBoolean();
                decisions.perform(job, lead, now -> JobLifecycle.tick(decisions.facts(job, lead), now));
            }
            job.tryAgainAt(null);
            if (jobs.follows(job)) {
                schedule.reschedule(job);
            } else {
                schedule.forget(job); // its time-to-live passed: deleted
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "could not bring job %s up to date; trying again in %d s", job.ref(), SweepSchedule.TRY_AGAIN.toSeconds());
            schedule.tryAgainSoon(job);
        }
    }
}
