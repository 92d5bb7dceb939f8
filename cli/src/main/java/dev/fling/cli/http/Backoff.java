package dev.fling.cli.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long to wait before asking Fling again: doubling from {@link #FIRST} up to {@link #LONGEST},
 * or what Fling's Retry-After asks (at most {@link #LONGEST_ASKED}), and never past the deadline:
 * a step must end within the time it was given, reachable or not.
 */
public final class Backoff {

    static final Duration FIRST = Duration.ofMillis(200);
    static final Duration LONGEST = Duration.ofSeconds(5);
    static final Duration LONGEST_ASKED = Duration.ofSeconds(30);

    private final Clock clock;
    private final Instant deadline;
    private int attempts;

    public Backoff(Clock clock, Instant deadline) {
        this.clock = clock;
        this.deadline = deadline;
    }

    /** Until {@code limit} from now; a zero or negative limit gives up at once after the first try. */
    public static Backoff within(Clock clock, Duration limit) {
        return new Backoff(clock, clock.instant().plus(limit));
    }

    /**
     * The wait before the next try, or empty when the deadline has passed. The last wait is cut to
     * end at the deadline, so that one more try happens there.
     */
    public Optional<Duration> next(Optional<Duration> retryAfter) {
        Duration left = Duration.between(clock.instant(), deadline);
        if (left.isNegative() || left.isZero()) {
            return Optional.empty();
        }
        Duration wait = retryAfter.map(asked -> min(asked, LONGEST_ASKED)).orElseGet(() -> doubling(attempts));
        attempts++;
        return Optional.of(min(wait, left));
    }

    /** Starts the doubling again (after a try that got through). */
    public void reset() {
        attempts = 0;
    }

    public Instant deadline() {
        return deadline;
    }

    static Duration doubling(int attempt) {
        Duration wait = FIRST.multipliedBy(1L << Math.min(attempt, 10));
        return min(wait, LONGEST);
    }

    /** Retry-After in seconds (the only form Fling sends); empty when absent or unreadable. */
    public static Optional<Duration> retryAfter(Optional<String> header) {
        try {
            return header.map(String::trim).map(Long::parseLong).filter(s -> s >= 0).map(Duration::ofSeconds);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
