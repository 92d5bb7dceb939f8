package dev.fling.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SseFramesTest {

    private static StreamEvent event(String id, String type, String json) {
        return new StreamEvent(0, 7, "job-1", id, type, Instant.EPOCH, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anEventIsItsIdTypeAndOneLineOfJsonThenABlankLine() {
        byte[] frame = SseFrames.event(event("ns/job-1/started/1", "dev.fling.job.started", "{\"id\":\"ns/job-1/started/1\"}"));
        assertThat(new String(frame, StandardCharsets.UTF_8)).isEqualTo(
                "id: ns/job-1/started/1\nevent: dev.fling.job.started\ndata: {\"id\":\"ns/job-1/started/1\"}\n\n");
    }

    @Test
    void aCommentIsALineStartingWithAColon() {
        assertThat(new String(SseFrames.comment("keep-alive"), StandardCharsets.UTF_8)).isEqualTo(": keep-alive\n\n");
    }

    @Test
    void aLineBreakInAnIdOrCommentCannotStartAFieldOfItsOwn() {
        String frame = new String(SseFrames.event(event("a\nevent: forged", "t\r", "{}")), StandardCharsets.UTF_8);
        assertThat(frame).isEqualTo("id: a event: forged\nevent: t \ndata: {}\n\n");
        assertThat(new String(SseFrames.comment("two\nlines"), StandardCharsets.UTF_8)).isEqualTo(": two lines\n\n");
    }
}
