package dev.fling.events;

import io.cloudevents.CloudEvent;
import java.util.Optional;

/**
 * How large a request's envelope may be. Every emitted event carries the request's extension
 * attributes, so an unbounded attribute would grow every event of the job, up to records the
 * broker refuses (and a partition that can never be committed past).
 */
public final class AttributeLimits {

    /** Longest value of any one attribute, in characters. */
    public static final int MAX_ATTRIBUTE_LENGTH = 1024;
    /** Most extension attributes one request may carry. */
    public static final int MAX_EXTENSIONS = 32;

    private AttributeLimits() {}

    /** What is over the limits in the event's attributes, or empty when nothing is. */
    public static Optional<String> problem(CloudEvent event) {
        if (event.getExtensionNames().size() > MAX_EXTENSIONS) {
            return Optional.of("the request carries " + event.getExtensionNames().size()
                    + " extension attributes; at most " + MAX_EXTENSIONS + " are accepted");
        }
        Optional<String> core = tooLong("id", event.getId())
                .or(() -> tooLong("source", event.getSource() == null ? null : event.getSource().toString()))
                .or(() -> tooLong("type", event.getType()))
                .or(() -> tooLong("subject", event.getSubject()))
                .or(() -> tooLong("datacontenttype", event.getDataContentType()))
                .or(() -> tooLong("dataschema", event.getDataSchema() == null ? null : event.getDataSchema().toString()));
        if (core.isPresent()) {
            return core;
        }
        return event.getExtensionNames().stream().sorted()
                .flatMap(name -> tooLong(name, String.valueOf(event.getExtension(name))).stream()).findFirst();
    }

    private static Optional<String> tooLong(String attribute, String value) {
        if (value == null || value.length() <= MAX_ATTRIBUTE_LENGTH) {
            return Optional.empty();
        }
        return Optional.of("the attribute " + attribute + " is " + value.length() + " characters long; at most "
                + MAX_ATTRIBUTE_LENGTH + " are accepted");
    }
}
