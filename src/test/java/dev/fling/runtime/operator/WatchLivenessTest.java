package dev.fling.runtime.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WatchLivenessTest {

    private final AtomicLong now = new AtomicLong();
    private final WatchLiveness liveness = new WatchLiveness(Duration.ofSeconds(60), now::get);

    @Test
    void aWatchNobodyWroteToIsNeverStaleHoweverQuiet() {
        advance(3_600);
        assertThat(liveness.stale("jobs")).isEmpty();
    }

    @Test
    void aWriteWithoutAnyEventForTheLimitMakesTheWatchStale() {
        liveness.written("jobs");
        advance(59);
        assertThat(liveness.stale("jobs")).isEmpty();
        advance(1);
        assertThat(liveness.stale("jobs")).contains(Duration.ofSeconds(60));
    }

    @Test
    void anyEventAfterTheWriteAnswersIt() {
        liveness.written("jobs");
        advance(30);
        liveness.delivered("jobs");
        advance(600);
        assertThat(liveness.stale("jobs")).isEmpty();
    }

    @Test
    void laterWritesDoNotPushTheFirstUnansweredOneBack() {
        liveness.written("jobs");
        advance(40);
        liveness.written("jobs");
        advance(20);
        assertThat(liveness.stale("jobs")).contains(Duration.ofSeconds(60));
    }

    @Test
    void aWriteAfterAnEventStartsItsOwnWait() {
        liveness.written("jobs");
        advance(50);
        liveness.delivered("jobs");
        liveness.written("jobs");
        advance(30);
        assertThat(liveness.stale("jobs")).isEmpty();
        advance(30);
        assertThat(liveness.stale("jobs")).contains(Duration.ofSeconds(60));
    }

    @Test
    void namespacesAreWatchedApart() {
        liveness.written("team-a");
        advance(30);
        liveness.delivered("team-b");
        advance(30);
        assertThat(liveness.stale("team-a")).isPresent();
        assertThat(liveness.stale("team-b")).isEmpty();
    }

    @Test
    void aRestartedWatchListsAgainAndOwesNothing() {
        liveness.written("jobs");
        advance(60);
        liveness.restarted("jobs");
        advance(600);
        assertThat(liveness.stale("jobs")).isEmpty();
    }

    @Test
    void aLimitOfZeroTurnsTheCheckOff() {
        WatchLiveness off = new WatchLiveness(Duration.ZERO, now::get);
        off.written("jobs");
        advance(3_600);
        assertThat(off.stale("jobs")).isEmpty();
    }

    private void advance(long seconds) {
        now.addAndGet(Duration.ofSeconds(seconds).toNanos());
    }
}
