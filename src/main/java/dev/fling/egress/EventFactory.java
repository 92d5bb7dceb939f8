package dev.fling.egress;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.config.FlingConfig;
import dev.fling.events.RequestContext;
import dev.fling.events.payload.EventData;
import dev.fling.runtime.JobRef;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.data.PojoCloudEventData;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
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

    private final FlingConfig.Events config;
    private final ObjectMapper mapper;
    private final URI source;

    public EventFactory(FlingConfig config, ObjectMapper mapper) {
        this.config = config.events();
        this.mapper = mapper;
        this.source = URI.create(this.config.source());
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
                .withDataSchema(URI.create(config.schemaBaseUri() + data.type().schemaFile()))
                .withDataContentType("application/json")
                .withData(PojoCloudEventData.wrap(data, this::toJson));
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

    private byte[] toJson(Object data) {
        try {
            return mapper.writeValueAsBytes(data);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
