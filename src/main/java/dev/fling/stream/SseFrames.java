package dev.fling.stream;

import java.nio.charset.StandardCharsets;

/**
 * The text/event-stream framing: an event is {@code id}, {@code event} and {@code data} lines and
 * a blank line; a comment is a line starting with a colon. Kept apart so the exact bytes are tested.
 */
final class SseFrames {

    private SseFrames() {}

    /** One event: the CloudEvent's id and type, and the CloudEvent itself as one line of JSON. */
    static byte[] event(StreamEvent event) {
        byte[] head = ("id: " + oneLine(event.id()) + "\nevent: " + oneLine(event.type()) + "\ndata: ")
                .getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[head.length + event.json().length + 2];
        System.arraycopy(head, 0, frame, 0, head.length);
        System.arraycopy(event.json(), 0, frame, head.length, event.json().length);
        frame[frame.length - 2] = '\n';
        frame[frame.length - 1] = '\n';
        return frame;
    }

    /** A comment: clients ignore it; it keeps proxies from closing an idle connection and tells a person why. */
    static byte[] comment(String text) {
        return (": " + oneLine(text) + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A line break inside a field would end it early and make the rest a field of its own; the
     * JSON Fling writes has none (Jackson escapes them), ids and types of other producers might.
     */
    static String oneLine(String value) {
        return value == null ? "" : value.replace('\r', ' ').replace('\n', ' ');
    }
}
