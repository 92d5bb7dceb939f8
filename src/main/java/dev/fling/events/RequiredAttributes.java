package dev.fling.events;

import io.cloudevents.CloudEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The CloudEvents attributes every event must carry, non-empty (CloudEvents 1.0, "REQUIRED
 * Attributes"). The SDK checks that they are present, not that they are non-empty; an event with
 * an empty {@code source} or {@code id} would still name a job, which unrelated senders could share.
 */
public final class RequiredAttributes {

    private RequiredAttributes() {}

    /** What is wrong with the event's required attributes, or empty when nothing is. */
    public static Optional<String> problem(CloudEvent event) {
        List<String> empty = new ArrayList<>();
        if (event.getSpecVersion() == null) {
            empty.add("specversion");
        }
        if (event.getId() == null || event.getId().isEmpty()) {
            empty.add("id");
        }
        if (event.getSource() == null || event.getSource().toString().isEmpty()) {
            empty.add("source");
        }
        if (event.getType() == null || event.getType().isEmpty()) {
            empty.add("type");
        }
        if (empty.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("the required attribute" + (empty.size() > 1 ? "s " : " ") + String.join(", ", empty)
                + (empty.size() > 1 ? " are" : " is") + " empty; CloudEvents requires each to be non-empty");
    }
}
