package dev.fling.dispatch;

import dev.fling.admission.Command;
import dev.fling.admission.Rejection;
import dev.fling.admission.RequestRejectedException;
import dev.fling.events.RequestContext;
import dev.fling.events.RequestType;
import dev.fling.events.payload.RejectionReason;
import dev.fling.runtime.Autoscaling;
import dev.fling.runtime.FlinkRuntime;
import dev.fling.runtime.JobRecord;
import dev.fling.runtime.JobState;
import dev.fling.runtime.RuntimeRefusedException;
import dev.fling.tracking.JobTracker;
import dev.fling.tracking.Announcement;
import dev.fling.tracking.JobHandle;
import dev.fling.tenants.QueueKeeper;
import dev.fling.tenants.Tenant;
import dev.fling.tenants.Tenants;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Applies an admitted command to the runtime, under the job's lock in the tracker, once its
 * effect is durable, returns the {@code accepted} event and its write to the broker (see
 * {@link JobHandle#announceAccepted}). A request delivered again finds what its first delivery
 * did and only repeats the {@code accepted} event.
 */
@ApplicationScoped
public class Dispatcher {

    private final FlinkRuntime runtime;
    private final JobTracker tracker;
    /** Told of each launch that waits, so that it is let in without waiting for the queue's next look. */
    private final Runnable queueNudge;
    private final Tenants tenants;

    @Inject
    public Dispatcher(FlinkRuntime runtime, JobTracker tracker, QueueKeeper queue, Tenants tenants) {
        this.runtime = runtime;
        this.tracker = tracker;
        this.queueNudge = queue::nudge;
        this.tenants = tenants;
    }

    /** Without tenants or a queue: every launch is let in when it is created, anyone may command any job. */
    public Dispatcher(FlinkRuntime runtime, JobTracker tracker) {
        this.runtime = runtime;
        this.tracker = tracker;
        this.queueNudge = () -> { };
        this.tenants = Tenants.none();
    }

    public Announcement dispatch(Command command) {
        try {
            if (command instanceof Command.Launch launch) {
                Announcement accepted = tracker.withJob(JobRecord.fresh(launch.definition()), job -> {
                    runtime.launch(launch.definition());
                    return job.announceAccepted(launch.request(), RequestType.LAUNCH);
                });
                if (launch.definition().queue() != null && launch.definition().queue().waiting()) {
                    queueNudge.run();
                }
                return accepted;
            }
            if (command instanceof Command.Rescale rescale) {
                return onRunningJob(rescale, JobRecord::rescaleRequest, job -> {
                    Autoscaling autoscaling = job.record().policy().autoscaling();
                    if (autoscaling != null) {
                        // One owner of the parallelism: a manual value would be undone at the autoscaler's next turn.
                        throw invalidState(rescale, "job is autoscaled between parallelism "
                                + autoscaling.minParallelism() + " and " + autoscaling.maxParallelism()
                                + ": the autoscaler sets its parallelism, a manual rescale is refused");
                    }
                    if (job.state() == JobState.RUNNING && job.tracking().parallelism() == rescale.parallelism()) {
                        throw invalidState(rescale, "job already runs with parallelism " + rescale.parallelism());
                    }
                    if (job.state() == JobState.RUNNING) {
                        // One merge patch carries the new parallelism and the RESCALING state.
                        job.moveTo(JobState.RESCALING, next -> runtime.rescale(job.record().ref(),
                                rescale.parallelism(), rescale.request(), next));
                    } else {
                        runtime.rescale(job.record().ref(), rescale.parallelism(), rescale.request());
                    }
                });
            }
            if (command instanceof Command.Cancel cancel) {
                return onRunningJob(cancel, JobRecord::cancelRequest,
                        job -> runtime.stop(job.record().ref(), cancel.savepoint(), cancel.request()));
            }
            Command.Savepoint savepoint = (Command.Savepoint) command;
            return onRunningJob(savepoint, JobRecord::savepointRequest, job -> {
                if (job.state() != JobState.RUNNING) {
                    throw invalidState(savepoint, "a savepoint needs a running job; the job is " + job.state());
                }
                runtime.triggerSavepoint(job.record().ref(), savepoint.request().key(), savepoint.targetDirectory(),
                        savepoint.request());
            });
        } catch (RuntimeRefusedException e) {
            throw new RequestRejectedException(
                    Rejection.of(RejectionReason.RUNTIME_REFUSED, e.getMessage()).forJob(command.job()));
        }
    }

    private Announcement onRunningJob(Command command, Function<JobRecord, RequestContext> lastOfKind,
            Consumer<JobHandle> apply) {
        JobRecord found = runtime.find(command.job()).orElseThrow(() -> new RequestRejectedException(
                Rejection.of(RejectionReason.UNKNOWN_JOB, "no job named '" + command.job() + "'")
                        .forJob(command.job())));
        String owner = tenantOf(found);
        String sender = tenants.of(command.request().source()).map(Tenant::name).orElse(null);
        if (!owner.equals(sender)) {
            throw new RequestRejectedException(Rejection.of(RejectionReason.POLICY_VIOLATION, "job '" + command.job()
                    + "' belongs to tenant '" + owner + "'; a request from tenant '" + sender
                    + "' may not change it").forJob(command.job()));
        }
        return tracker.withJob(found, job -> {
            job.awaitLaunchAnnounced();
            RequestContext previous = lastOfKind.apply(job.record());
            boolean redelivered = previous != null && Objects.equals(previous.key(), command.request().key());
            if (!redelivered) {
                if (job.state().isTerminal()) {
                    throw invalidState(command, "job has already ended (" + job.state() + ")");
                }
                apply.accept(job);
            }
            return job.announceAccepted(command.request(), command.type());
        });
    }

    /** The tenant a job was launched for (as its ticket says, or its launch's source for a job without one). */
    private String tenantOf(JobRecord job) {
        if (job.queue() != null) {
            return job.queue().tenant();
        }
        return tenants.of(job.launch().source()).map(Tenant::name).orElse(Tenant.DEFAULT);
    }

    private static RequestRejectedException invalidState(Command command, String message) {
        return new RequestRejectedException(Rejection.of(RejectionReason.INVALID_STATE, message).forJob(command.job()));
    }
}
