package dev.fling.runtime;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Duration;
import java.time.Instant;

/**
 * The timing rules of one job, kept with the job in the runtime so that they survive a restart:
 * the deadline (null for none) with the seconds it was asked as, the time-to-live after the end,
 * the retry policy, and the autoscaler's bounds when an autoscaler sets its parallelism (null
 * otherwise; a manual rescale of such a job is refused, docs/events.md).
 */
@RegisterForReflection
public record JobPolicy(Instant deadline, long deadlineSeconds, Duration ttlAfterFinished, int maxAttempts,
        Duration retryBackoff, @JsonInclude(JsonInclude.Include.NON_NULL) Autoscaling autoscaling) {

    @JsonCreator
    public JobPolicy {
    }

    /** Rules of a job whose parallelism only changes when asked. */
    public JobPolicy(Instant deadline, long deadlineSeconds, Duration ttlAfterFinished, int maxAttempts,
            Duration retryBackoff) {
        this(deadline, deadlineSeconds, ttlAfterFinished, maxAttempts, retryBackoff, null);
    }

    /** The same rules with an autoscaler's bounds (null: none). */
    public JobPolicy withAutoscaling(Autoscaling bounds) {
        return new JobPolicy(deadline, deadlineSeconds, ttlAfterFinished, maxAttempts, retryBackoff, bounds);
    }
}
