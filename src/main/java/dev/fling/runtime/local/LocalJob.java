package dev.fling.runtime.local;

import dev.fling.events.RequestContext;
import dev.fling.runtime.JobDefinition;
import dev.fling.runtime.JobObservation;
import dev.fling.runtime.JobRecord;
import dev.fling.runtime.LaunchPhases;
import dev.fling.runtime.QueueTicket;
import dev.fling.runtime.TrackingState;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the local runtime knows about one job, as stored in its registry file: the
 * definition, what the tracker reported, the cluster's processes and ports, and the operations
 * in flight. Mutable, guarded by its own monitor; written to disk after every change.
 */
@RegisterForReflection
public class LocalJob {

    /** Where the job's cluster is, and the moves it may make. */
    public enum Status {
        /** Waiting for capacity, or for its next attempt. */
        QUEUED,
        /** JobManager and TaskManagers started (they may still be coming up). */
        RUNNING,
        /** The cluster is gone; {@link #ending} says how the job ended. */
        ENDED;

        /**
         * QUEUED → RUNNING (its cluster started) or ENDED (cancelled, or refused, before it started);
         * RUNNING → ENDED; ENDED → QUEUED (the next attempt). Nothing else.
         */
        public boolean canMoveTo(Status next) {
            return switch (this) {
                case QUEUED -> next == RUNNING || next == ENDED;
                case RUNNING -> next == ENDED;
                case ENDED -> next == QUEUED;
            };
        }
    }

    public JobDefinition definition;
    public TrackingState tracking;
    public RequestContext rescaleRequest;
    public RequestContext cancelRequest;
    public RequestContext savepointRequest;
    /** Read by the poller without the job's monitor (to count clusters); changed only by {@link #moveTo}. */
    public volatile Status status = Status.QUEUED;
    public int attempt = 1;
    public long queuedAtMillis;
    public Cluster cluster;
    public Ending ending;
    public int targetParallelism;
    public long revision;
    public PendingSavepoint savepoint;
    public PendingStop stop;
    /** Its place in Fling's queue; null for a job launched before there was one (it counts as let in). */
    public QueueTicket queue;
    /** What the local autoscaler did to this attempt (null until it first looked, or without autoscaling). */
    public AutoscalerRecord autoscaler;
    /** The directories of the pooled clusters its attempts took, removed with the job's own. */
    public List<String> pooledDirectories = new ArrayList<>();

    /** One attempt's processes and ports. */
    public static class Cluster {
        public String directory;
        public String flinkJobId;
        public int restPort;
        public int rpcPort;
        public long jobManagerPid;
        public List<Long> taskManagerPids = new ArrayList<>();
        public int slotsPerTaskManager;
        /** Whether this attempt's RUNNING was passed on; a short job may end between two polls. */
        public boolean runningReported;
        /** Started for the job (cold), or taken from the warm pool (warm). */
        public LaunchPhases.Start start = LaunchPhases.Start.COLD;
        /** When Fling began starting the attempt on this cluster (epoch milliseconds). */
        public long beganAtMillis;
        /** When the JobManager was first seen answering without the job yet (0 if never seen so). */
        public long readyAtMillis;
        /** A pooled cluster's: the job's jar on this machine, to send it. */
        public String jar;
        /** A pooled cluster's: whether it has been sent the job (an application cluster runs its own). */
        public boolean submitted;
    }

    /** How the last attempt ended, as read from the JobManager before the cluster went away. */
    public static class Ending {
        public JobObservation.Phase phase;
        public String error;
        public String stopSavepointPath;
    }

    /** A savepoint Fling asked for: its trigger (the request key), Flink's trigger id, and the result. */
    public static class PendingSavepoint {
        public String trigger;
        public String flinkTriggerId;
        public String directory;
        public String path;
        public int attempts = 1;
    }

    /** A stop Fling asked for: with or without a final savepoint, and Flink's trigger id. */
    public static class PendingStop {
        public boolean withSavepoint;
        public String flinkTriggerId;
        public String directory;
        public int attempts = 1;
        public String savepointPath;
    }

    /** A job just launched: queued for its first attempt at the parallelism it asked for. */
    static LocalJob queued(JobDefinition definition, long nowMillis) {
        LocalJob job = new LocalJob();
        job.definition = definition;
        job.tracking = TrackingState.initial(definition);
        job.targetParallelism = definition.parallelism();
        job.queuedAtMillis = nowMillis;
        job.queue = definition.queue();
        return job;
    }

    /** Queued again for a new attempt, the last attempt's cluster and commands forgotten. */
    void requeue(int nextAttempt, long nowMillis) {
        attempt = nextAttempt;
        moveTo(Status.QUEUED);
        ending = null;
        stop = null;
        cluster = null;
        autoscaler = null; // a new attempt starts at the launch's parallelism
        queuedAtMillis = nowMillis;
    }

    Status status() {
        return status;
    }

    /** Moves the cluster on; a move the state machine does not allow is a defect of Fling's, not of the job. */
    void moveTo(Status next) {
        if (!status.canMoveTo(next)) {
            String job = definition == null ? "?" : definition.ref().toString();
            throw new IllegalStateException("job " + job + " cannot move from " + status + " to " + next);
        }
        status = next;
    }

    JobRecord record() {
        return new JobRecord(definition.ref(), definition.request(), definition.labels(), definition.policy(),
                definition.acceptedAt(),
                tracking, rescaleRequest, cancelRequest, savepointRequest, queue);
    }

    /** Whether the queue still holds the job back. */
    boolean waiting() {
        return queue != null && queue.waiting();
    }
}
