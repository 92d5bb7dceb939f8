package dev.fling.events.payload;

/** Why a request was refused; the values of {@code reason} in dev.fling.job.rejected. */
public enum RejectionReason {
    /** The bytes are not a readable CloudEvent (envelope missing or malformed). */
    NOT_A_CLOUDEVENT,
    /** The CloudEvent type is not one Fling handles. */
    UNKNOWN_TYPE,
    /** The data is not JSON. */
    UNSUPPORTED_CONTENT_TYPE,
    /** The data does not match its schema. */
    INVALID_DATA,
    /** The request asks for something its policy does not allow. */
    POLICY_VIOLATION,
    /** The request names a job Fling does not know. */
    UNKNOWN_JOB,
    /** The job exists but cannot do this now (e.g. it has already ended). */
    INVALID_STATE,
    /** The runtime refused the job as asked (for example the namespace does not exist there). */
    RUNTIME_REFUSED
}
