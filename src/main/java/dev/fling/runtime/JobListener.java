package dev.fling.runtime;

/** Receives what a runtime observes of the jobs it runs. */
public interface JobListener {

    /** A job's status was read (on change, and again when the runtime is listed anew). */
    void observed(JobRecord record, JobObservation observation);

    /** The job is gone from the runtime. */
    void removed(JobRef ref);
}
