package dev.fling.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A lifecycle event as one line for people and logs: local time, type, job, then the fields of
 * its data ({@code parallelism=2}, {@code flinkJobId=...}, {@code savepointPath=...}). A
 * multi-line value (Flink's root cause) and a rejection's field errors follow on indented lines.
 */
public final class EventLine {

    private static final String TYPE_PREFIX = "dev.fling.job.";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final Pattern PLAIN = Pattern.compile("[^\\s\"]+");
    private static final int TYPE_WIDTH = "savepoint.completed".length();

    private EventLine() {}

    /** {@code event} is a structured CloudEvent (JSON); times are shown in {@code zone}. */
    public static String format(JsonNode event, ZoneId zone) {
        JsonNode data = event.path("data");
        String job = event.hasNonNull("subject") ? event.get("subject").asText() : data.path("job").asText("-");
        StringBuilder line = new StringBuilder()
                .append(time(event.path("time").asText(""), zone)).append("  ")
                .append(pad(shortType(event.path("type").asText("?")))).append("  ")
                .append(job.isEmpty() ? "-" : job);
        StringBuilder below = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> fields = data.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.equals("job") || value.isNull()) {
                continue;
            }
            if (name.equals("errors") && value.isArray()) {
                value.forEach(error -> below.append("\n    ").append(fieldName(error.path("field").asText()))
                        .append(": ").append(error.path("message").asText()));
            } else if (value.isTextual() && value.asText().contains("\n")) {
                below.append("\n  ").append(name).append(':');
                value.asText().strip().lines().forEach(text -> below.append("\n    ").append(text));
            } else {
                line.append(' ').append(name).append('=').append(value(value));
            }
        }
        return line.append(below).toString();
    }

    /** {@code dev.fling.job.savepoint.completed} → {@code savepoint.completed}. */
    public static String shortType(String type) {
        return type.startsWith(TYPE_PREFIX) ? type.substring(TYPE_PREFIX.length()) : type;
    }

    /** An RFC 3339 time as HH:mm:ss in {@code zone}; dashes when there is none. */
    public static String time(String rfc3339, ZoneId zone) {
        try {
            return OffsetDateTime.parse(rfc3339).atZoneSameInstant(zone).format(TIME);
        } catch (DateTimeParseException e) {
            return "--:--:--";
        }
    }

    private static String value(JsonNode value) {
        if (!value.isTextual()) {
            return value.toString();
        }
        String text = value.asText();
        return PLAIN.matcher(text).matches() ? text : '"' + text.replace("\"", "\\\"") + '"';
    }

    /** A JSON pointer as the rejection names it; the whole payload ("") reads better as "(data)". */
    private static String fieldName(String pointer) {
        return pointer.isEmpty() ? "(data)" : pointer;
    }

    private static String pad(String type) {
        return type.length() >= TYPE_WIDTH ? type : type + " ".repeat(TYPE_WIDTH - type.length());
    }
}
