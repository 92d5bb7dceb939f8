package dev.fling.egress;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.events.EventType;
import dev.fling.events.RequestContext;
import dev.fling.events.payload.EventData;
import dev.fling.runtime.JobRef;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.data.BytesCloudEventData;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;

/**
 * The one place that builds the CloudEvents Fling emits. Every event echoes the extension
 * attributes of the request that caused it, names that request in {@code flingrequestid}, points
 * {@code dataschema} at its schema file, and has an id fixed by (job, transition) so that
 * consumers can drop redeliveries.
 */
@ApplicationScoped
public class EventFactory {

    /** The extension naming the request an event answers. */
    public static final String REQUEST_ID_EXTENSION = "flingrequestid";

    private final ObjectMapper mapper;
    private final URI source;
    /** Parsed once: a URI per event built showed up in every event's allocation. */
    private final Map<EventType, URI> schemas = new EnumMap<>(EventType.class);

    public EventFactory(EventsConfig config, ObjectMapper mapper) {
        this.mapper = mapper;
        this.source = URI.create(config.source());
        for (EventType type : EventType.values()) {
            schemas.put(type, URI.create(config.schemaBaseUri() + type.schemaFile()));
        }
    }

    /**
     * An event about a job. {@code occurrence} tells apart transitions of the same type (the attempt
     * number of a start, the revision of a rescale); null for transitions that happen once.
     */
    public CloudEvent forJob(JobRef job, RequestContext cause, EventData data, String occurrence, Instant time) {
        String id = data.type().idFor(job.namespace(), job.name(), occurrence);
        return build(id, job.name(), cause, data, time);
    }

    /** A {@code rejected} event for a request whose envelope was read ({@code cause}) or not (null). */
    public CloudEvent rejection(String id, RequestContext cause, EventData.Rejected data, Instant time) {
        return build(id, data.job(), cause, data, time);
    }

    private CloudEvent build(String id, String subject, RequestContext cause, EventData data, Instant time) {
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(id)
                .withSource(source)
                .withType(data.type().type())
                .withTime(time.atOffset(ZoneOffset.UTC))
                .withDataSchema(schemas.get(data.type()))
                .withDataContentType("application/json")
                .withData(BytesCloudEventData.wrap(toJson(data)));
        if (subject != null) {
            builder.withSubject(subject);
        }
        if (cause != null) {
            for (Map.Entry<String, Object> extension : cause.extensions().entrySet()) {
                withExtension(builder, extension.getKey(), extension.getValue());
            }
            builder.withExtension(REQUEST_ID_EXTENSION, cause.id());
        }
        return builder.build();
    }

    private static void withExtension(CloudEventBuilder builder, String name, Object value) {
        if (value instanceof Number number) {
            builder.withExtension(name, number);
        } else if (value instanceof Boolean bool) {
            builder.withExtension(name, bool);
        } else {
            builder.withExtension(name, value.toString());
        }
    }

    /**
     * Serialized here, on the thread that builds the event, not lazily inside the event format's
     * own serialization: nested in it, Jackson finds the thread's recycled buffers taken by the
     * outer writer and allocates fresh ones for every event.
     */
    private byte[] toJson(Object data) {
        try {
            return mapper.writeValueAsBytes(data);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
