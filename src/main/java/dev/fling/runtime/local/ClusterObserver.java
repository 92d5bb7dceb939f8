package dev.fling.runtime.local;

import dev.fling.runtime.JobObservation;
import dev.fling.runtime.JobObservation.Phase;
import dev.fling.runtime.local.LocalJob.Status;
import dev.fling.runtime.rest.FlinkRestClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Turns each local job into what the tracker acts on: reads a running cluster over REST, follows
 * savepoints in flight, and ends an attempt once its job is over, reading it to the end (state,
 * root cause, final savepoint) before the cluster is taken down. Called under the job's monitor.
 */
final class ClusterObserver {

    private static final Logger LOG = Logger.getLogger(ClusterObserver.class);
    /** Tries of a savepoint (or stop-with-savepoint); right after a (re)start, tasks may still be deploying. */
    private static final int SAVEPOINT_ATTEMPTS = 20;

    private final int maxClusters;
    private final LocalRegistry registry;
    private final ClusterProcesses processes;
    private final Function<LocalJob, FlinkRestClient> rest;

    ClusterObserver(int maxClusters, LocalRegistry registry, ClusterProcesses processes,
            Function<LocalJob, FlinkRestClient> rest) {
        this.maxClusters = maxClusters;
        this.registry = registry;
        this.processes = processes;
        this.rest = rest;
    }

    List<JobObservation> observe(LocalJob job) {
        return switch (job.status()) {
            case QUEUED -> List.of(observation(job, job.attempt == 1 ? Phase.QUEUED : Phase.DEPLOYING, 0,
                    job.attempt == 1 ? "waiting for one of " + maxClusters + " local clusters to free up" : null));
            case ENDED -> List.of(observation(job, job.ending.phase, 0, job.ending.error));
            case RUNNING -> observeRunning(job);
        };
    }

    /**
     * Reads the job from its JobManager. A job that ended is read to the end (state, root cause,
     * final savepoint) before its cluster is taken down; one that ran and ended between two polls
     * is reported RUNNING first, so that no {@code started} is skipped.
     */
    private List<JobObservation> observeRunning(LocalJob job) {
        LocalJob.Cluster cluster = job.cluster;
        if (!processes.jobManagerAlive(cluster)) {
            end(job, Phase.FAILED, exitCause(cluster), null);
            return List.of(observation(job, Phase.FAILED, 0, job.ending.error));
        }
        FlinkRestClient rest = this.rest.apply(job);
        FlinkRestClient.JobDetails details;
        try {
            details = rest.job(cluster.flinkJobId);
            pollSavepoint(job, rest);
            pollStop(job, rest, details.state());
        } catch (IOException e) {
            // JobManager still starting (connection refused, or the job not submitted yet: 404)
            return List.of(observation(job, Phase.DEPLOYING, 0, null));
        }
        List<JobObservation> observations = new ArrayList<>();
        if (details.ran() && !cluster.runningReported) {
            cluster.runningReported = true;
            observations.add(observation(job, Phase.RUNNING, details.parallelism(), null));
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
                end(job, stopped ? Phase.CANCELLED : Phase.FINISHED, null, stopped ? stopSavepoint(job, rest) : null);
                observations.add(observation(job, job.ending.phase, 0, null));
            }
            case "CANCELED" -> {
                end(job, Phase.CANCELLED, null, null);
                observations.add(observation(job, Phase.CANCELLED, 0, null));
            }
            case "FAILED" -> {
                String cause = rootCause(rest, cluster);
                end(job, Phase.FAILED, cause, null);
                observations.add(observation(job, Phase.FAILED, 0, cause));
            }
            case "RESTARTING", "CANCELLING", "FAILING" -> observations.add(observation(job, Phase.CHANGING, 0, null));
            default -> observations.add(observation(job, Phase.DEPLOYING, 0, null));
        }
        return observations;
    }

    private static String stopSavepoint(LocalJob job, FlinkRestClient rest) {
        try {
            return job.stop.flinkTriggerId == null ? null
                    : rest.savepoint(job.cluster.flinkJobId, job.stop.flinkTriggerId).location();
        } catch (IOException e) {
            LOG.warnf("job %s: stopped, but its final savepoint cannot be read (%s)", job.definition.ref(), e.getMessage());
            return null;
        }
    }

    /** Flink's reason for the failure: its REST answers first, else the last error its JobManager logged. */
    private static String rootCause(FlinkRestClient rest, LocalJob.Cluster cluster) {
        try {
            return rest.rootCause(cluster.flinkJobId).or(() -> JobManagerLog.lastError(cluster))
                    .orElse("the job failed without a reported cause");
        } catch (IOException e) {
            return JobManagerLog.lastError(cluster)
                    .orElse("the job failed; its cause could not be read (" + e.getMessage() + ")");
        }
    }

    /**
     * Why the JobManager went away. Before the job ran, that is what stopped it at start (an entry
     * class not in the jar, say), which it logged; later, its last logged error is only a clue.
     */
    private static String exitCause(LocalJob.Cluster cluster) {
        Optional<String> logged = JobManagerLog.lastError(cluster);
        if (logged.isPresent() && !cluster.runningReported) {
            return logged.get();
        }
        String unexpected = "the JobManager process exited unexpectedly (see " + cluster.directory + "/log)";
        return logged.map(error -> unexpected + "; its last logged error: " + error).orElse(unexpected);
    }

    /**
     * A stop-with-savepoint Flink refused (typically "not all required tasks are currently
     * running" right after a rescale) leaves the job running: ask again, as for savepoints.
     */
    private void pollStop(LocalJob job, FlinkRestClient rest, String state) throws IOException {
        LocalJob.PendingStop stop = job.stop;
        if (stop == null || !stop.withSavepoint || stop.flinkTriggerId == null || !"RUNNING".equals(state)) {
            return;
        }
        FlinkRestClient.SavepointStatus status = rest.savepoint(job.cluster.flinkJobId, stop.flinkTriggerId);
        if (!status.done() || status.location() != null) {
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

    private void pollSavepoint(LocalJob job, FlinkRestClient rest) throws IOException {
        LocalJob.PendingSavepoint savepoint = job.savepoint;
        if (savepoint == null || savepoint.path != null || savepoint.flinkTriggerId == null) {
            return;
        }
        FlinkRestClient.SavepointStatus status = rest.savepoint(job.cluster.flinkJobId, savepoint.flinkTriggerId);
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
        return new JobObservation(phase, flinkJobId, parallelism, message, savepoint, stopSavepoint, "in-place",
                job.revision, true);
    }

}
