package dev.fling.tracking;

import dev.fling.runtime.FlinkRuntime;
import dev.fling.runtime.JobRecord;
import dev.fling.runtime.JobState;
import dev.fling.runtime.TrackingState;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Carries out what {@link JobLifecycle} decided for a job on its turn: the runtime action first
 * (nothing is announced of a stop or restart that did not happen), then each step in order, its
 * event out before its state is kept. A failure leaves the rest for the next try; what was done
 * stays done.
 */
final class JobEffects {

    private static final Logger LOG = Logger.getLogger(JobEffects.class);

    private final FlinkRuntime runtime;
    private final JobAnnouncer announcer;
    private final LaunchPhaseMeter launchPhases;

    JobEffects(FlinkRuntime runtime, JobAnnouncer announcer, LaunchPhaseMeter launchPhases) {
        this.runtime = runtime;
        this.announcer = announcer;
        this.launchPhases = launchPhases;
    }

    /** Returns whether the job was deleted (its time-to-live passed), so that the tracker forgets it. */
    boolean perform(TrackedJob job, JobLifecycle.Decision decision, Instant now, boolean leading) {
        TrackingState before = job.tracking();
        JobRecord record = job.record();
        TrackingState writtenWithAction = null;
        switch (decision.action()) {
            case NONE -> { }
            case STOP -> {
                LOG.infof("job %s passed its deadline of %d s; stopping it", job.ref(), record.policy().deadlineSeconds());
                runtime.stop(job.ref(), false, null);
            }
            case RESTART -> {
                // The new attempt and its state in one write to the runtime.
                writtenWithAction = decision.last(before);
                int attempt = writtenWithAction.attempt();
                LOG.infof("job %s: starting attempt %d of %d", job.ref(), attempt, record.policy().maxAttempts());
                runtime.restart(job.ref(), attempt, writtenWithAction);
            }
            case DELETE -> {
                LOG.infof("deleting job %s: %s ended at %s and its time-to-live has passed", job.ref(), before.state(),
                        before.since());
                runtime.delete(job.ref());
                return true;
            }
        }
        job.awaitingRestart(decision.awaitingRestart());
        for (JobLifecycle.Step step : decision.steps()) {
            TrackingState previous = job.tracking();
            if (step.event() != null) {
                announcer.publish(job, step.cause(), step.event(), step.occurrence(), now);
                launchPhases.announced(step.event());
            }
            if (step.record() && step.next() == writtenWithAction) {
                announcer.recorded(job, step.next());
            } else if (step.record()) {
                announcer.record(job, step.next());
            } else {
                job.tracking(step.next());
            }
            if (leading) {
                logTransition(job, previous, step.next());
            }
        }
        return false;
    }

    private static void logTransition(TrackedJob job, TrackingState previous, TrackingState next) {
        if (previous.state() == next.state()) {
            return;
        }
        if (next.state() == JobState.RETRYING) {
            LOG.infof("job %s failed on attempt %d of %d (%s); retrying in %s", job.ref(), next.attempt(),
                    job.record().policy().maxAttempts(), next.lastError(), job.record().policy().retryBackoff());
        } else if (next.state().isTerminal()) {
            LOG.infof("job %s %s", job.ref(), next.state());
        }
    }
}
