package dev.fling.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fling.testing.TestingClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WriteInFlightTest {

    private final TestingClock clock = new TestingClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final WriteInFlight writes = new WriteInFlight(clock);

    @Test
    void a_write_that_does_not_end_within_the_limit_is_a_stalled_client() {
        writes.started();
        clock.advance(Duration.ofSeconds(10));
        assertThat(writes.stalled(Duration.ofSeconds(10))).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(writes.stalled(Duration.ofSeconds(10))).isTrue();
        writes.ended();
        assertThat(writes.stalled(Duration.ofSeconds(10))).isFalse();
    }

    @Test
    void the_stream_is_idle_once_nothing_went_out_for_the_keep_alive_and_nothing_is_in_flight() {
        clock.advance(Duration.ofSeconds(15));
        assertThat(writes.idleFor(Duration.ofSeconds(15))).isTrue();
        writes.started();
        assertThat(writes.idleFor(Duration.ofSeconds(15))).as("a write in flight").isFalse();
        clock.advance(Duration.ofSeconds(5));
        writes.ended();
        clock.advance(Duration.ofSeconds(14));
        assertThat(writes.idleFor(Duration.ofSeconds(15))).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(writes.idleFor(Duration.ofSeconds(15))).isTrue();
    }

    @Test
    void the_response_belongs_to_the_stream_from_its_first_write_on() {
        assertThat(writes.wroteAny()).isFalse();
        writes.started();
        writes.ended();
        assertThat(writes.wroteAny()).isTrue();
        assertThat(writes.inFlight()).isFalse();
    }
}
