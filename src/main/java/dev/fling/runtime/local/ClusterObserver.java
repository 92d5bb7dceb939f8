package dev.fling.runtime.local;

import dev.fling.runtime.rest.FlinkRestClient;
import dev.fling.runtime.rest.FlinkRestModel;
import dev.fling.runtime.rest.FlinkRestException;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Looks at a running job's cluster and says what it found ({@link ClusterReading}): whether its
 * JobManager lives, the job's state over REST, the savepoint or stop in flight, and for a job that
 * ended, why. Only reads; {@link ClusterFollower} acts on what it found.
 */
final class ClusterObserver {

    private static final Logger LOG = Logger.getLogger(ClusterObserver.class);

    private final ClusterProcesses processes;
    private final Function<LocalJob, FlinkRestClient> rest;

    ClusterObserver(ClusterProcesses processes, Function<LocalJob, FlinkRestClient> rest) {
        this.processes = processes;
        this.rest = rest;
    }

    /** One look at the cluster of a RUNNING job. */
    ClusterReading read(LocalJob job) {
        LocalJob.Cluster cluster = job.cluster;
        if (!processes.jobManagerAlive(cluster)) {
            return ClusterReading.gone(exitCause(cluster));
        }
        FlinkRestClient rest = this.rest.apply(job);
        try {
            FlinkRestModel.JobDetails details = rest.job(cluster.flinkJobId);
            LocalJob.PendingSavepoint savepoint = job.savepoint;
            FlinkRestModel.SavepointStatus savepointStatus =
                    savepoint == null || savepoint.path != null || savepoint.flinkTriggerId == null ? null
                            : rest.savepoint(cluster.flinkJobId, savepoint.flinkTriggerId);
            LocalJob.PendingStop stop = job.stop;
            FlinkRestModel.SavepointStatus stopStatus = stop == null || !stop.withSavepoint
                    || stop.flinkTriggerId == null || !"RUNNING".equals(details.state()) ? null
                            : rest.savepoint(cluster.flinkJobId, stop.flinkTriggerId);
            String cause = "FAILED".equals(details.state()) ? rootCause(rest, cluster) : null;
            String stopSavepoint = "FINISHED".equals(details.state()) && stop != null && stop.withSavepoint
                    ? stopSavepoint(job, rest) : null;
            return new ClusterReading(ClusterReading.Kind.READ, details, savepointStatus, stopStatus, cause,
                    stopSavepoint);
        } catch (FlinkRestException e) {
            return e.status() == 404 ? ClusterReading.noJobYet() : ClusterReading.starting();
        } catch (IOException e) {
            return ClusterReading.starting(); // connection refused: the JobManager is still starting
        }
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
}
