package dev.fling.events.payload;

/** Data of the requests that act on an existing job: rescale, cancel and savepoint. */
public record JobReference(String job, Integer parallelism, Boolean savepoint, String targetDirectory) {}
