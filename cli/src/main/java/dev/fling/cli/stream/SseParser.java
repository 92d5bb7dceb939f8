package dev.fling.cli.stream;

import java.time.Duration;
import java.util.Optional;

/**
 * Reads a {@code text/event-stream} line by line, as the HTML standard's "event stream
 * interpretation" says: {@code field: value} lines build an event, a blank line dispatches it,
 * lines starting with {@code :} are comments (keep-alives), several {@code data:} lines join with
 * a newline. Remembers the last id seen, which a reconnect sends as {@code Last-Event-ID}.
 */
public final class SseParser {

    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String event = "";
    private String id;
    private Optional<String> lastEventId = Optional.empty();
    private Optional<Duration> retry = Optional.empty();

    /** Takes one line (without its line ending); returns the event a blank line completes. */
    public Optional<SseEvent> line(String line) {
        if (line.isEmpty()) {
            return dispatch();
        }
        if (line.startsWith(":")) {
            return Optional.empty();
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "event" -> event = value;
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    id = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
                    retry = Optional.of(Duration.ofMillis(Long.parseLong(value)));
                }
            }
            default -> { } // unknown fields are ignored
        }
        return Optional.empty();
    }

    /** The id of the last event dispatched (or set by an {@code id:} line before a blank one). */
    public Optional<String> lastEventId() {
        return lastEventId;
    }

    /** The reconnection time the server asked for with {@code retry:}, if any. */
    public Optional<Duration> retry() {
        return retry;
    }

    /** Forgets a half-read event (the connection dropped in its middle); the last id stays. */
    public void reset() {
        data.setLength(0);
        hasData = false;
        event = "";
        id = null;
    }

    private Optional<SseEvent> dispatch() {
        if (id != null) {
            lastEventId = id.isEmpty() ? Optional.empty() : Optional.of(id);
        }
        Optional<SseEvent> complete = hasData
                ? Optional.of(new SseEvent(lastEventId, event.isEmpty() ? "message" : event, data.toString()))
                : Optional.empty();
        reset();
        return complete;
    }
}
