package dev.fling.tracking;

import io.cloudevents.CloudEvent;
import java.util.concurrent.CompletionStage;

/** An {@code accepted} event, and when the broker has it. */
public record Announcement(CloudEvent event, CompletionStage<Void> written) {}
