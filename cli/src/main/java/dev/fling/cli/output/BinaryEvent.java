package dev.fling.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fling.cli.http.Answer;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fling's reply to a request (its {@code accepted} or {@code rejected} event in binary mode:
 * attributes as {@code ce-} headers, data as the body) in the structured form the event streams
 * carry, so that both print the same way.
 */
public final class BinaryEvent {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BinaryEvent() {}

    public static ObjectNode structured(Answer answer) {
        ObjectNode event = JSON.createObjectNode();
        Map<String, String> attributes = new TreeMap<>();
        answer.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("ce-") && !values.isEmpty()) {
                attributes.put(lower.substring(3), values.get(0));
            }
        });
        // the CloudEvents attributes first, in the order the JSON format lists them
        for (String name : new String[] {"specversion", "id", "source", "type", "subject", "time"}) {
            String value = attributes.remove(name);
            if (value != null) {
                event.put(name, value);
            }
        }
        answer.header("Content-Type").ifPresent(type -> event.put("datacontenttype", type));
        attributes.forEach(event::put);
        event.set("data", data(answer.body()));
        return event;
    }

    private static JsonNode data(String body) {
        if (body == null || body.isBlank()) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(body);
        }
    }
}
