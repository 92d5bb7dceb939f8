package dev.fling.ingress;

import java.time.Duration;

/** Starts a task once a backoff is over, holding no thread meanwhile: how a request waits to be tried again. */
@FunctionalInterface
public interface RetryScheduler {

    /** Runs {@code task} after {@code delay}, on the scheduler's thread: the task must only hand work on. */
    void after(Duration delay, Runnable task);
}
