package dev.fling.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResumePointTest {

    @Test
    void theEventsPartitionGoesOnRightAfterItAndTheOthersFromItsTimeLessTheMargin() {
        Instant time = Instant.parse("2026-01-01T10:00:00Z");
        StreamEvent after = new StreamEvent(1, 41, "job", "ns/job/started/1", "dev.fling.job.started", time, new byte[0]);
        Map<Integer, HistoryReader.Start> starts = ResumePoint.starts(after, List.of(0, 1, 2), Duration.ofSeconds(30));
        assertThat(starts).containsExactlyInAnyOrderEntriesOf(Map.of(
                0, HistoryReader.Start.from(time.minusSeconds(30)),
                1, HistoryReader.Start.at(42),
                2, HistoryReader.Start.from(time.minusSeconds(30))));
    }
}
