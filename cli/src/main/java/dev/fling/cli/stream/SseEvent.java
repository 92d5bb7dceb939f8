package dev.fling.cli.stream;

import java.util.Optional;

/** One event of a {@code text/event-stream}: its {@code id:}, {@code event:} and (joined) {@code data:} lines. */
public record SseEvent(Optional<String> id, String event, String data) {}
