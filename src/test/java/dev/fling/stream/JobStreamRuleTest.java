package dev.fling.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobStreamRuleTest {

    /** One array for every event: a record compares arrays by identity. */
    private static final byte[] JSON = new byte[0];

    private static StreamEvent event(long offset, String transition) {
        return new StreamEvent(0, offset, "job", "ns/job/" + transition,
                "dev.fling.job." + transition.replaceAll("/.*", ""), Instant.EPOCH, JSON);
    }

    private static final List<StreamEvent> HISTORY = List.of(event(1, "accepted"), event(3, "started/1"),
            event(4, "accepted"), event(6, "rescaled/2"));

    @Test
    void withoutLastEventIdTheWholeHistoryIsReplayed() {
        JobStreamRule.Resumed resumed = new JobStreamRule().resume(HISTORY, null);
        assertThat(resumed.rest()).isEqualTo(HISTORY);
        assertThat(resumed.ended()).isFalse();
    }

    @Test
    void resumingStartsRightAfterTheFirstOccurrenceOfTheIdAndDropsRepeatsOfWhatCameBefore() {
        JobStreamRule rule = new JobStreamRule();
        JobStreamRule.Resumed resumed = rule.resume(HISTORY, "ns/job/started/1");
        assertThat(resumed.found()).isTrue();
        assertThat(resumed.rest()).containsExactly(event(4, "accepted"), event(6, "rescaled/2"));
        assertThat(rule.send(event(4, "accepted"))).as("a redelivered accepted, already with the client").isFalse();
        assertThat(rule.send(event(6, "rescaled/2"))).isTrue();
        assertThat(rule.send(event(7, "rescaled/2"))).as("the same id again").isFalse();
    }

    @Test
    void anIdTheJobNeverHadReplaysEverything() {
        JobStreamRule.Resumed resumed = new JobStreamRule().resume(HISTORY, "ns/other/started/1");
        assertThat(resumed.found()).isFalse();
        assertThat(resumed.rest()).isEqualTo(HISTORY);
    }

    @Test
    void theStreamEndsAfterTheTerminalEventAndNothingFollowsIt() {
        JobStreamRule rule = new JobStreamRule();
        assertThat(rule.last(event(3, "started/1"))).isFalse();
        assertThat(rule.send(event(8, "succeeded"))).isTrue();
        assertThat(rule.last(event(8, "succeeded"))).isTrue();
        assertThat(rule.send(event(9, "rejected"))).isFalse();
    }

    @Test
    void resumingAfterTheTerminalEventEndsAtOnce() {
        List<StreamEvent> ended = List.of(event(1, "accepted"), event(2, "failed"));
        JobStreamRule.Resumed resumed = new JobStreamRule().resume(ended, "ns/job/failed");
        assertThat(resumed.ended()).isTrue();
        assertThat(resumed.rest()).isEmpty();
    }
}
