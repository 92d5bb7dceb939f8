package dev.fling.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fling.testing.TestingClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class EventStreamTest {

    /** A connection whose writes complete when the test says (a client that reads, or not). */
    static final class TestingWire implements Wire {
        final List<String> written = new ArrayList<>();
        final List<CompletableFuture<Void>> pending = new ArrayList<>();
        boolean reading = true;
        boolean ended;
        boolean aborted;
        boolean closed;

        @Override
        public synchronized CompletionStage<Void> write(byte[] bytes) {
            written.add(new String(bytes, StandardCharsets.UTF_8));
            CompletableFuture<Void> write = new CompletableFuture<>();
            if (reading) {
                write.complete(null);
            } else {
                pending.add(write);
            }
            return write;
        }

        void readAll() {
            List<CompletableFuture<Void>> waiting;
            synchronized (this) {
                reading = true;
                waiting = List.copyOf(pending);
                pending.clear();
            }
            waiting.forEach(w -> w.complete(null));
        }

        @Override
        public void end() {
            ended = true;
        }

        @Override
        public void abort() {
            aborted = true;
        }

        @Override
        public boolean closed() {
            return closed;
        }

        synchronized String text() {
            return String.join("", written);
        }

        synchronized List<String> ids() {
            return String.join("", written).lines().filter(l -> l.startsWith("id: ")).map(l -> l.substring(4)).toList();
        }
    }

    private final TestingWire wire = new TestingWire();
    private final TestingClock clock = new TestingClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<EventStream.Ending> endings = new ArrayList<>();

    private EventStream stream(StreamRule rule, int capacity) {
        return new EventStream("test", wire, e -> true, rule, capacity, clock, (s, why) -> endings.add(why));
    }

    private static StreamEvent event(int partition, long offset, String transition) {
        return new StreamEvent(partition, offset, "job", "ns/job/" + transition,
                "dev.fling.job." + transition.replaceAll("/.*", ""), Instant.EPOCH, "{}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void liveEventsWaitForTheHistoryAndThoseItCoveredAreDropped() {
        EventStream stream = stream(new JobStreamRule(), 10);
        stream.historyEnds(Map.of(0, 3L));
        stream.accept(event(0, 2, "started/1")); // the tail saw it too, but the history covers it
        stream.accept(event(0, 3, "rescaled/2")); // after the history: waits for it
        assertThat(wire.written).isEmpty();

        assertThat(stream.replay(List.of(event(0, 1, "accepted"), event(0, 2, "started/1")))).isTrue();
        stream.goLive();
        stream.accept(event(0, 4, "succeeded"));

        assertThat(wire.ids()).containsExactly("ns/job/accepted", "ns/job/started/1", "ns/job/rescaled/2", "ns/job/succeeded");
        assertThat(wire.ended).isTrue();
        assertThat(endings).containsExactly(EventStream.Ending.COMPLETED);
    }

    @Test
    void aClientThatLetsMoreThanTheBufferWaitIsCutOff() {
        EventStream stream = stream(StreamRule.EVERYTHING, 3);
        stream.goLive();
        wire.reading = false;
        stream.accept(event(0, 1, "started/1")); // written, never read
        for (int offset = 2; offset <= 4; offset++) {
            stream.accept(event(0, offset, "rescaled/" + offset)); // the buffer: 3
        }
        assertThat(wire.aborted).isFalse();
        assertThat(stream.waiting()).isEqualTo(3);

        stream.accept(event(0, 5, "rescaled/5"));

        assertThat(wire.aborted).isTrue();
        assertThat(endings).containsExactly(EventStream.Ending.CUT_OFF);
        assertThat(stream.waiting()).as("what it held is let go").isZero();
        stream.accept(event(0, 6, "rescaled/6"));
        assertThat(wire.written).hasSize(1);
    }

    @Test
    void whatWaitedGoesOutInOneWriteOnceTheClientReads() {
        EventStream stream = stream(StreamRule.EVERYTHING, 10);
        stream.goLive();
        wire.reading = false;
        stream.accept(event(0, 1, "started/1"));
        stream.accept(event(1, 1, "started/1"));
        stream.accept(event(0, 2, "succeeded"));
        assertThat(wire.written).hasSize(1);

        wire.readAll();

        assertThat(wire.written).hasSize(2);
        assertThat(wire.ids()).hasSize(3);
        assertThat(endings).isEmpty();
    }

    @Test
    void anIdleStreamGetsAKeepAliveAndAStalledWriteCutsTheClientOff() {
        EventStream stream = stream(StreamRule.EVERYTHING, 10);
        stream.goLive();
        clock.advance(Duration.ofSeconds(14));
        stream.tick(Duration.ofSeconds(15), Duration.ofSeconds(60));
        assertThat(wire.written).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        stream.tick(Duration.ofSeconds(15), Duration.ofSeconds(60));
        assertThat(wire.text()).isEqualTo(": keep-alive\n\n");

        wire.reading = false;
        stream.accept(event(0, 1, "started/1"));
        clock.advance(Duration.ofSeconds(61));
        stream.tick(Duration.ofSeconds(15), Duration.ofSeconds(60));
        assertThat(wire.aborted).isTrue();
        assertThat(endings).containsExactly(EventStream.Ending.CUT_OFF);
    }

    @Test
    void aClientThatClosedTheConnectionIsNoticedByTheKeepAliveCheck() {
        EventStream stream = stream(StreamRule.EVERYTHING, 10);
        stream.goLive();
        wire.closed = true;
        stream.tick(Duration.ofSeconds(15), Duration.ofSeconds(60));
        assertThat(endings).containsExactly(EventStream.Ending.GONE);
        assertThat(stream.stopped()).isTrue();
    }

    @Test
    void aJobThatEndedInItsHistoryEndsTheStreamAfterTheReplay() {
        EventStream stream = stream(new JobStreamRule(), 10);
        assertThat(stream.replay(List.of(event(0, 1, "accepted"), event(0, 2, "failed"), event(0, 3, "rejected"))))
                .isFalse();
        stream.goLive();
        assertThat(wire.ids()).containsExactly("ns/job/accepted", "ns/job/failed");
        assertThat(wire.ended).isTrue();
        assertThat(endings).containsExactly(EventStream.Ending.COMPLETED);
    }

    @Test
    void aStreamThatFailsBeforeItsFirstByteLeavesTheConnectionForTheAnswer() {
        EventStream stream = stream(StreamRule.EVERYTHING, 10);
        stream.failed();
        assertThat(wire.aborted).isFalse();
        assertThat(wire.ended).isFalse();
        assertThat(endings).containsExactly(EventStream.Ending.NOT_STARTED);
    }

    @Test
    void aStreamThatFailsAfterItBeganClosesTheConnection() {
        EventStream stream = stream(StreamRule.EVERYTHING, 10);
        assertThat(stream.comment("events of every job")).isTrue();
        stream.failed();
        assertThat(wire.aborted).isTrue();
        assertThat(endings).containsExactly(EventStream.Ending.GONE);
    }
}
