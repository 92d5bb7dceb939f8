package dev.fling.fuzz;

import java.util.Map;
import java.util.Set;

/**
 * One generated request that Fling must refuse: what is sent (headers and body, over Kafka or HTTP)
 * and what may come back (the rejection reasons, and over HTTP the status codes).
 */
public record HostileInput(String kind, Channel channel, String id, Map<String, String> headers, byte[] body,
        Set<String> reasons, Set<Integer> statuses) {

    /** Where the input goes in. */
    public enum Channel { KAFKA, HTTP }

    /** A short description for the table of slowest inputs. */
    public String describe() {
        return kind + " over " + channel.name().toLowerCase() + " (" + body.length + " bytes, id " + id + ")";
    }
}
