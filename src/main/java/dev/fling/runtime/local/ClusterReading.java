package dev.fling.runtime.local;

import dev.fling.runtime.rest.FlinkRestModel.JobDetails;
import dev.fling.runtime.rest.FlinkRestModel.SavepointStatus;

/**
 * What one look at a running job's cluster found, before anything is done about it.
 *
 * @param kind whether the JobManager is gone, not answering yet, or was read
 * @param details the job as the JobManager reports it (when read)
 * @param savepoint the state of the savepoint Fling asked for, when one is in flight
 * @param stop the state of the stop-with-savepoint Fling asked for, while the job still runs
 * @param cause why the job failed (when FAILED), or why the JobManager went away (when gone)
 * @param stopSavepoint the savepoint the job was stopped with (when FINISHED by a stop-with-savepoint)
 */
record ClusterReading(Kind kind, JobDetails details, SavepointStatus savepoint, SavepointStatus stop, String cause,
        String stopSavepoint) {

    /** How far the look got. */
    enum Kind {
        /** The JobManager process is gone. */
        GONE,
        /** The JobManager does not answer yet. */
        STARTING,
        /** The JobManager answers, but has not created the job yet. */
        NO_JOB_YET,
        /** The JobManager answered with the job. */
        READ
    }

    static ClusterReading gone(String cause) {
        return new ClusterReading(Kind.GONE, null, null, null, cause, null);
    }

    static ClusterReading starting() {
        return new ClusterReading(Kind.STARTING, null, null, null, null, null);
    }

    static ClusterReading noJobYet() {
        return new ClusterReading(Kind.NO_JOB_YET, null, null, null, null, null);
    }
}
