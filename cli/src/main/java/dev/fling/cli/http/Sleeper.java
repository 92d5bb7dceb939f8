package dev.fling.cli.http;

import java.time.Duration;

/** Waits between tries; tests pass one that only advances their clock. */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    Sleeper REAL = duration -> Thread.sleep(duration.toMillis());
}
