package dev.fling.runtime;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Duration;
import java.time.Instant;

/**
 * The timing rules of one job, kept with the job in the runtime so that they survive a restart:
 * the deadline (null for none) with the seconds it was asked as, the time-to-live after the end,
 * and the retry policy.
 */
@RegisterForReflection
public record JobPolicy(Instant deadline, long deadlineSeconds, Duration ttlAfterFinished, int maxAttempts,
        Duration retryBackoff) {}
