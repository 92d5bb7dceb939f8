package dev.fling.runtime;

/** Fling's view of where a job is in its life; see docs/design.md, "Job lifecycle". */
public enum JobState {
    ACCEPTED,
    PENDING,
    DEPLOYING,
    RUNNING,
    RESCALING,
    RETRYING,
    SUCCEEDED,
    FAILED,
    CANCELLED,
    TIMED_OUT;

    /** Terminal states are final: no event follows them, only clean-up. */
    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == TIMED_OUT;
    }
}
