package dev.fling.events;

import io.cloudevents.CloudEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What Fling keeps of a request's envelope so that every event it causes can echo it: the id
 * (as {@code flingrequestid}), the source, and every extension attribute (traceparent included).
 */
@RegisterForReflection
public record RequestContext(String id, String source, String type, Map<String, Object> extensions) {

    public RequestContext {
        extensions = Map.copyOf(extensions);
    }

    /**
     * A short stable key for this request (source and id hashed): the same on every redelivery,
     * different for every other request. Job names and event ids are built from it.
     */
    public String key() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((source + '\u0000' + id).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Reads the envelope of an incoming request. */
    public static RequestContext of(CloudEvent event) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        for (String name : event.getExtensionNames()) {
            Object value = event.getExtension(name);
            if (value != null) {
                extensions.put(name, value instanceof Number || value instanceof Boolean ? value : value.toString());
            }
        }
        return new RequestContext(event.getId(), event.getSource().toString(), event.getType(), extensions);
    }
}
