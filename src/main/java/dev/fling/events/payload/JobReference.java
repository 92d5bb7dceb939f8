package dev.fling.events.payload;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Data of the requests that act on an existing job: rescale, cancel and savepoint. */
@RegisterForReflection
public record JobReference(String job, Integer parallelism, Boolean savepoint, String targetDirectory) {}
