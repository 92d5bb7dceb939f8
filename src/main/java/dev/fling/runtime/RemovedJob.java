package dev.fling.runtime;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * A job whose cluster and record were removed after its time-to-live while its savepoints are
 * kept: the job as it was last recorded, so that a user can still find what to restore from.
 */
@RegisterForReflection
public record RemovedJob(JobRecord record, Instant removedAt) {}
