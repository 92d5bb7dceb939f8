package dev.fling.stream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A stream's writes as the keep-alive check sees them: whether one is in flight and since when,
 * when the last one ended, and whether anything was written at all. Not thread-safe: its stream
 * uses it under its own lock.
 */
final class WriteInFlight {

    private final Clock clock;
    /** Whether anything was written: from then on the response is the stream's. */
    private boolean wrote;
    /** When the write in flight started (null when none is): one that never completes is a stalled client. */
    private Instant started;
    private Instant lastEnded;

    WriteInFlight(Clock clock) {
        this.clock = clock;
        this.lastEnded = clock.instant();
    }

    void started() {
        wrote = true;
        started = clock.instant();
    }

    void ended() {
        started = null;
        lastEnded = clock.instant();
    }

    boolean inFlight() {
        return started != null;
    }

    boolean wroteAny() {
        return wrote;
    }

    /** A write in flight for longer than {@code limit}: the client stopped reading. */
    boolean stalled(Duration limit) {
        return started != null && started.plus(limit).isBefore(clock.instant());
    }

    /** Nothing in flight, and nothing went out for {@code quiet}. */
    boolean idleFor(Duration quiet) {
        return started == null && !lastEnded.plus(quiet).isAfter(clock.instant());
    }
}
