package dev.fling.runtime;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * A savepoint the runtime keeps for a job beyond the job's time-to-live: its path as Flink
 * reports it (what {@code restoreFrom.savepointPath} takes) and when it was written.
 */
@RegisterForReflection
public record KeptSavepoint(String path, Instant takenAt) {}
