package dev.fling.cli.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SseParserTest {

    private static List<SseEvent> parse(SseParser parser, String stream) {
        List<SseEvent> events = new ArrayList<>();
        stream.lines().forEach(line -> parser.line(line).ifPresent(events::add));
        parser.line("").ifPresent(events::add);
        return events;
    }

    @Test
    void readsIdTypeAndDataAndSkipsCommentsSuchAsKeepAlives() {
        SseParser parser = new SseParser();

        List<SseEvent> events = parse(parser, """
                : keep-alive

                id: default/etl/accepted
                event: dev.fling.job.accepted
                data: {"a":1}

                : keep-alive
                id:default/etl/started/1
                event:dev.fling.job.started
                data:{"b":2}
                """);

        assertThat(events).containsExactly(
                new SseEvent(Optional.of("default/etl/accepted"), "dev.fling.job.accepted", "{\"a\":1}"),
                new SseEvent(Optional.of("default/etl/started/1"), "dev.fling.job.started", "{\"b\":2}"));
        assertThat(parser.lastEventId()).contains("default/etl/started/1");
    }

    @Test
    void severalDataLinesJoinWithANewlineAndAnEventWithoutDataIsNotDispatched() {
        SseParser parser = new SseParser();

        List<SseEvent> events = parse(parser, "id: 1\nevent: x\n\ndata: first\ndata: second\n");

        assertThat(events).containsExactly(new SseEvent(Optional.of("1"), "message", "first\nsecond"));
        assertThat(parser.lastEventId()).contains("1");
    }

    @Test
    void aHalfReadEventIsForgottenOnResetButTheLastIdStaysAndRetryIsRemembered() {
        SseParser parser = new SseParser();
        parse(parser, "retry: 3000\nid: 7\ndata: whole\n");
        parser.line("id: 8");
        parser.line("data: {\"half\":");

        parser.reset();

        assertThat(parser.lastEventId()).contains("7");
        assertThat(parser.retry()).contains(Duration.ofSeconds(3));
        assertThat(parser.line("")).isEmpty();
    }
}
