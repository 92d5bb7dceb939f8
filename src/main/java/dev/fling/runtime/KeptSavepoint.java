package dev.fling.runtime;

import java.time.Instant;

/**
 * A savepoint the runtime keeps for a job beyond the job's time-to-live: its path as Flink
 * reports it (what {@code restoreFrom.savepointPath} takes) and when it was written.
 */
public record KeptSavepoint(String path, Instant takenAt) {}
