package dev.fling.runtime.local;

import dev.fling.runtime.JobObservation;
import dev.fling.runtime.JobObservation.Phase;
import dev.fling.runtime.LaunchPhases;
import dev.fling.runtime.RuntimeUnavailableException;
import dev.fling.runtime.local.LocalJob.Status;
import dev.fling.runtime.rest.FlinkRestClient;
import dev.fling.runtime.rest.FlinkRestModel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Follows each local job's cluster: takes what {@link ClusterObserver} read, acts on it (keeps a
 * savepoint's path, asks again for a savepoint or a stop Flink refused, ends an attempt whose job
 * is over and takes its cluster down) and says what the tracker should see. Called under the
 * job's monitor.
 */
final class ClusterFollower {

    private static final Logger LOG = Logger.getLogger(ClusterFollower.class);
    /** Tries of a savepoint (or stop-with-savepoint); right after a (re)start, tasks may still be deploying. */
    private static final int SAVEPOINT_ATTEMPTS = 20;

    private final LocalRegistry registry;
    private final ClusterProcesses processes;
    private final ClusterObserver observer;
    private final Function<LocalJob, FlinkRestClient> rest;
    private final LostTaskManagers lostTaskManagers;

    private WarmStarter warm;

    ClusterFollower(LocalRegistry registry, ClusterProcesses processes,
            Function<LocalJob, FlinkRestClient> rest, LostTaskManagers lostTaskManagers) {
        this.registry = registry;
        this.processes = processes;
        this.lostTaskManagers = lostTaskManagers;
        this.observer = new ClusterObserver(processes, rest);
        this.rest = rest;
    }

    /** Sends jobs to the pooled clusters they took (the pool needs this follower to be made first). */
    void sendWarmJobsWith(WarmStarter starter) {
        this.warm = starter;
    }

    /** What the tracker should see of the job now, after acting on what its cluster shows. */
    List<JobObservation> follow(LocalJob job) {
        return switch (job.status()) {
            // Let in by the queue, a job starts at the poller's next round: it is deploying, not waiting
            // (the queue keeps at most max-clusters let in, and announces the waits itself).
            case QUEUED -> List.of(observation(job, job.waiting() ? Phase.WAITING : Phase.DEPLOYING, 0, null));
            case ENDED -> List.of(observation(job, job.ending.phase, 0, job.ending.error));
            case RUNNING -> followRunning(job);
        };
    }

    /**
     * Acts on one look at the job's cluster. A job that ended is read to the end (state, root cause,
     * final savepoint) before its cluster is taken down; one that ran and ended between two polls
     * is reported RUNNING first, so that no {@code started} is skipped.
     */
    private List<JobObservation> followRunning(LocalJob job) {
        LocalJob.Cluster cluster = job.cluster;
        ClusterReading reading = observer.read(job);
        if (reading.kind() == ClusterReading.Kind.GONE) {
            end(job, Phase.FAILED, reading.cause(), null);
            return List.of(observation(job, Phase.FAILED, 0, job.ending.error));
        }
        if (lostTaskManagers.replace(job)) {
            registry.save(job);
        }
        if (cluster.start == LaunchPhases.Start.WARM && !cluster.submitted) {
            try {
                Optional<String> refused = warm.submitIfNeeded(job);
                if (refused.isPresent()) {
                    end(job, Phase.FAILED, refused.get(), null); // the pooled cluster goes with the attempt
                    return List.of(observation(job, Phase.FAILED, 0, job.ending.error));
                }
            } catch (IOException | RuntimeUnavailableException e) {
                LOG.infof("job %s: cannot send it to its pooled cluster yet (%s)", job.definition.ref(), e.getMessage());
                return List.of(observation(job, Phase.DEPLOYING, 0, null));
            }
            reading = observer.read(job);
        }
        if (reading.kind() == ClusterReading.Kind.NO_JOB_YET && cluster.readyAtMillis == 0) {
            cluster.readyAtMillis = System.currentTimeMillis(); // Flink's own clock, that of its timestamps
        }
        if (reading.kind() != ClusterReading.Kind.READ) {
            return List.of(observation(job, Phase.DEPLOYING, 0, null));
        }
        FlinkRestModel.JobDetails details = reading.details();
        try {
            FlinkRestClient rest = this.rest.apply(job);
            followSavepoint(job, rest, reading.savepoint());
            followStop(job, rest, reading.stop());
        } catch (IOException e) {
            // The JobManager stopped answering between the look and the action: look again next round.
            return List.of(observation(job, Phase.DEPLOYING, 0, null));
        }
        List<JobObservation> observations = new ArrayList<>();
        if (details.ran() && !cluster.runningReported) {
            cluster.runningReported = true;
            observations.add(observation(job, Phase.RUNNING, details.parallelism(), null)
                    .withLaunch(LocalLaunchPhases.of(job, details)));
        }
        switch (details.state()) {
            case "RUNNING" -> {
                if (!details.allTasksRunning() && cluster.runningReported) {
                    observations.add(observation(job, Phase.CHANGING, 0, null)); // tasks (re)deploying
                } else if (observations.isEmpty()) {
                    observations.add(observation(job, Phase.RUNNING, details.parallelism(), null));
                }
            }
            case "FINISHED" -> {
                boolean stopped = job.stop != null && job.stop.withSavepoint;
                end(job, stopped ? Phase.CANCELLED : Phase.FINISHED, null, reading.stopSavepoint());
                observations.add(observation(job, job.ending.phase, 0, null));
            }
            case "CANCELED" -> {
                end(job, Phase.CANCELLED, null, null);
                observations.add(observation(job, Phase.CANCELLED, 0, null));
            }
            case "FAILED" -> {
                String cause = reading.cause();
                end(job, Phase.FAILED, cause, null);
                observations.add(observation(job, Phase.FAILED, 0, cause));
            }
            case "RESTARTING", "CANCELLING", "FAILING" -> observations.add(observation(job, Phase.CHANGING, 0, null));
            default -> observations.add(observation(job, Phase.DEPLOYING, 0, null));
        }
        return observations;
    }

    /**
     * A stop-with-savepoint Flink refused (typically "not all required tasks are currently
     * running" right after a rescale) leaves the job running: ask again, as for savepoints.
     */
    private void followStop(LocalJob job, FlinkRestClient rest, FlinkRestModel.SavepointStatus status)
            throws IOException {
        LocalJob.PendingStop stop = job.stop;
        if (status == null || !status.done() || status.location() != null) {
            return;
        }
        if (stop.attempts >= SAVEPOINT_ATTEMPTS) {
            LOG.warnf("job %s: stop with a savepoint failed %d times (%s); cancelling it without one",
                    job.definition.ref(), stop.attempts, status.failure());
            stop.withSavepoint = false;
            rest.cancel(job.cluster.flinkJobId);
        } else {
            LOG.infof("job %s: stop with a savepoint failed (%s); trying again", job.definition.ref(), status.failure());
            stop.attempts++;
            stop.flinkTriggerId = rest.stopWithSavepoint(job.cluster.flinkJobId, stop.directory);
        }
        registry.save(job);
    }

    /** Keeps the path of a savepoint taken, or asks again for one Flink refused (up to a limit). */
    private void followSavepoint(LocalJob job, FlinkRestClient rest, FlinkRestModel.SavepointStatus status)
            throws IOException {
        LocalJob.PendingSavepoint savepoint = job.savepoint;
        if (status == null) {
            return;
        }
        if (status.done() && status.location() != null) {
            savepoint.path = status.location();
            registry.save(job);
        } else if (status.done() && savepoint.attempts < SAVEPOINT_ATTEMPTS) {
            // Typically "not all required tasks are currently running" right after a (re)start.
            LOG.infof("job %s: savepoint %s failed (%s); trying again", job.definition.ref(), savepoint.trigger,
                    status.failure());
            savepoint.attempts++;
            savepoint.flinkTriggerId = rest.triggerSavepoint(job.cluster.flinkJobId, savepoint.directory);
            registry.save(job);
        } else if (status.done()) {
            LOG.warnf("job %s: savepoint %s failed: %s", job.definition.ref(), savepoint.trigger, status.failure());
            job.savepoint = null;
            registry.save(job);
        }
    }

    /** Records how the attempt ended and takes its cluster down: REST shutdown, then the processes. */
    /** A job of the registry when Fling starts again: its running cluster re-attached, or its end if the cluster is gone. */
    void reattach(LocalJob job) {
        if (job.status() == Status.RUNNING && !processes.jobManagerAlive(job.cluster)) {
            LOG.warnf("job %s: its cluster's processes were gone when Fling started again", job.definition.ref());
            end(job, Phase.FAILED, "the job's JobManager process was gone when Fling started again", null);
        } else if (job.status() == Status.RUNNING) {
            LOG.infof("job %s: re-attached to its running cluster (REST port %d)", job.definition.ref(),
                    job.cluster.restPort);
        }
    }

    void end(LocalJob job, Phase phase, String error, String stopSavepointPath) {
        LocalJob.Ending ending = new LocalJob.Ending();
        ending.phase = phase;
        ending.error = error;
        ending.stopSavepointPath = stopSavepointPath;
        job.ending = ending;
        job.moveTo(Status.ENDED);
        if (job.cluster != null) {
            try {
                rest.apply(job).shutDownCluster();
            } catch (IOException e) {
                LOG.debugf("job %s: cluster shutdown over REST failed (%s); stopping processes", job.definition.ref(),
                        e.getMessage());
            }
            processes.stopAll(job.cluster);
        }
        registry.save(job);
        LOG.infof("job %s: attempt %d ended %s%s", job.definition.ref(), job.attempt, phase,
                error == null ? "" : " (" + error + ")");
    }

    private JobObservation observation(LocalJob job, Phase phase, int parallelism, String message) {
        JobObservation.Savepoint savepoint = job.savepoint != null && job.savepoint.path != null
                ? new JobObservation.Savepoint(job.savepoint.trigger, job.savepoint.path) : null;
        String stopSavepoint = job.ending == null ? null : job.ending.stopSavepointPath;
        String flinkJobId = job.cluster == null ? null : job.cluster.flinkJobId;
        return LocalResizes.withVertices(job, new JobObservation(phase, flinkJobId,
                LocalResizes.parallelism(job, parallelism), message, savepoint, stopSavepoint, "in-place",
                job.revision, true));
    }
}
