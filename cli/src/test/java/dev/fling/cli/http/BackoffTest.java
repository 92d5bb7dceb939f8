package dev.fling.cli.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fling.cli.TestingClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void waitsDoubleUpToTheLongestAndTheLastEndsAtTheDeadline() {
        TestingClock clock = new TestingClock();
        Backoff backoff = Backoff.within(clock, Duration.ofSeconds(12));
        List<Duration> waits = new ArrayList<>();
        Optional<Duration> wait;
        while ((wait = backoff.next(Optional.empty())).isPresent()) {
            waits.add(wait.get());
            clock.sleep(wait.get());
        }

        assertThat(waits).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800),
                Duration.ofMillis(1600), Duration.ofMillis(3200), Duration.ofSeconds(5), Duration.ofMillis(800));
    }

    @Test
    void retryAfterIsHonouredWithinLimits() {
        TestingClock clock = new TestingClock();
        Backoff backoff = Backoff.within(clock, Duration.ofMinutes(5));

        assertThat(backoff.next(Optional.of(Duration.ofSeconds(7)))).contains(Duration.ofSeconds(7));
        assertThat(backoff.next(Optional.of(Duration.ofMinutes(10)))).contains(Backoff.LONGEST_ASKED);
        assertThat(Backoff.retryAfter(Optional.of(" 5 "))).contains(Duration.ofSeconds(5));
        assertThat(Backoff.retryAfter(Optional.of("Wed, 21 Oct 2015 07:28:00 GMT"))).isEmpty();
    }

    @Test
    void aZeroLimitGivesUpAfterTheFirstTry() {
        assertThat(Backoff.within(new TestingClock(), Duration.ZERO).next(Optional.empty())).isEmpty();
    }

    @Test
    void resetStartsTheDoublingAgain() {
        TestingClock clock = new TestingClock();
        Backoff backoff = Backoff.within(clock, Duration.ofMinutes(5));
        backoff.next(Optional.empty());
        backoff.next(Optional.empty());
        backoff.reset();

        assertThat(backoff.next(Optional.empty())).contains(Backoff.FIRST);
    }
}
