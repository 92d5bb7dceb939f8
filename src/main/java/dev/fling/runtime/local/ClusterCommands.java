package dev.fling.runtime.local;

import dev.fling.events.RequestContext;
import dev.fling.runtime.JobObservation.Phase;
import dev.fling.runtime.JobRef;
import dev.fling.runtime.QueueTicket;
import dev.fling.runtime.RuntimeRefusedException;
import dev.fling.runtime.RuntimeUnavailableException;
import dev.fling.runtime.local.LocalJob.Status;
import dev.fling.runtime.rest.FlinkRestClient;
import java.io.IOException;
import java.util.function.Function;

/**
 * Carries a command to a job's cluster: a new parallelism (starting TaskManagers when slots are
 * short), a stop with or without a savepoint, a savepoint; and records what it asked for, so that
 * {@link ClusterFollower} can follow it. Called under the job's monitor.
 */
final class ClusterCommands {

    private final ClusterLauncher launcher;
    private final ClusterConfiguration configuration;
    private final ClusterFollower follower;
    private final LocalRegistry registry;
    private final Function<LocalJob, FlinkRestClient> rest;

    ClusterCommands(ClusterLauncher launcher, ClusterConfiguration configuration, ClusterFollower follower,
            LocalRegistry registry, Function<LocalJob, FlinkRestClient> rest) {
        this.launcher = launcher;
        this.configuration = configuration;
        this.follower = follower;
        this.registry = registry;
        this.rest = rest;
    }

    void rescale(LocalJob job, int parallelism, RequestContext request) {
        job.rescaleRequest = request;
        job.targetParallelism = parallelism;
        job.revision++;
        try {
            if (job.status() == Status.RUNNING) {
                call(() -> {
                    launcher.ensureTaskManagers(job, parallelism);
                    rest.apply(job).requireParallelism(job.cluster.flinkJobId, parallelism);
                });
            }
        } finally {
            // TaskManagers started before the JobManager refused (or did not answer yet) are the
            // cluster's: recorded, or a Fling restarted meanwhile would never stop them.
            registry.save(job);
        }
    }

    void stop(LocalJob job, boolean withSavepoint, RequestContext request) {
        if (request != null) {
            job.cancelRequest = request;
        }
        job.stop = new LocalJob.PendingStop();
        job.stop.withSavepoint = withSavepoint;
        if (job.status() == Status.QUEUED) {
            if (job.waiting()) {
                job.queue = job.queue.with(QueueTicket.Standing.WITHDRAWN);
            }
            follower.end(job, Phase.CANCELLED, null, null);
            return;
        }
        if (job.status() == Status.RUNNING) {
            call(() -> {
                if (withSavepoint) {
                    job.stop.directory = configuration.savepointDirectory(job).toUri().toString();
                    job.stop.flinkTriggerId = rest.apply(job).stopWithSavepoint(job.cluster.flinkJobId, job.stop.directory);
                } else {
                    rest.apply(job).cancel(job.cluster.flinkJobId);
                }
            });
        }
        registry.save(job);
    }

    void triggerSavepoint(LocalJob job, String trigger, String targetDirectory, RequestContext request) {
        JobRef ref = job.definition.ref();
        if (job.status() != Status.RUNNING) {
            throw new RuntimeRefusedException("job " + ref.name() + " has no running cluster to take a savepoint of", null);
        }
        LocalJob.PendingSavepoint savepoint = new LocalJob.PendingSavepoint();
        savepoint.trigger = trigger;
        savepoint.directory = targetDirectory != null ? targetDirectory
                : configuration.savepointDirectory(job).toUri().toString();
        call(() -> savepoint.flinkTriggerId =
                rest.apply(job).triggerSavepoint(job.cluster.flinkJobId, savepoint.directory));
        job.savepoint = savepoint;
        job.savepointRequest = request;
        registry.save(job);
    }

    private static void call(RestCall call) {
        try {
            call.run();
        } catch (IOException e) {
            throw new RuntimeUnavailableException("the job's JobManager: " + e.getMessage(), e);
        }
    }

    /** A REST interaction with a JobManager. */
    private interface RestCall {
        void run() throws IOException;
    }
}
