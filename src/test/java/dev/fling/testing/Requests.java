package dev.fling.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The standard requests the tests send, in one place. */
public final class Requests {

    public static final String SOURCE = "/tests/workflow";
    public static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Requests() {}

    /** A launch of the example jar with the given extra fields (which override the defaults). */
    public static Map<String, Object> launchData(Object... keyValues) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("jarURI", "local:///opt/flink/examples/streaming/TopSpeedWindowing.jar");
        data.put("entryClass", "org.apache.flink.streaming.examples.windowing.TopSpeedWindowing");
        for (int i = 0; i < keyValues.length; i += 2) {
            data.put((String) keyValues[i], keyValues[i + 1]);
        }
        return data;
    }

    /** A bounded SQL script: generated orders counted per product, printed. */
    public static final String BOUNDED_SQL = """
            CREATE TABLE orders (product INT, amount DOUBLE) WITH (
              'connector' = 'datagen', 'number-of-rows' = '1000',
              'fields.product.min' = '1', 'fields.product.max' = '5');
            CREATE TABLE totals (product INT, orders BIGINT) WITH ('connector' = 'print');
            INSERT INTO totals SELECT product, COUNT(*) FROM orders GROUP BY product;
            """;

    /** A SQL launch of {@code script} with the given extra fields (which override the defaults). */
    public static Map<String, Object> sqlLaunchData(String script, Object... keyValues) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", "orders");
        data.put("sql", script);
        for (int i = 0; i < keyValues.length; i += 2) {
            data.put((String) keyValues[i], keyValues[i + 1]);
        }
        return data;
    }

    public static CloudEvent launch(Map<String, Object> data) {
        return request("dev.fling.job.launch", data);
    }

    public static CloudEvent rescale(String job, int parallelism) {
        return request("dev.fling.job.rescale", Map.of("job", job, "parallelism", parallelism));
    }

    public static CloudEvent cancel(String job, boolean savepoint) {
        return request("dev.fling.job.cancel", Map.of("job", job, "savepoint", savepoint));
    }

    public static CloudEvent savepoint(String job) {
        return request("dev.fling.job.savepoint", Map.of("job", job));
    }

    /** A request with a fresh id, a correlation extension and a trace parent, as a workflow engine sends. */
    public static CloudEvent request(String type, Object data) {
        return CloudEventBuilder.v1()
                .withId(UUID.randomUUID().toString())
                .withSource(URI.create(SOURCE))
                .withType(type)
                .withDataContentType("application/json")
                .withData(json(data))
                .withExtension("correlationid", "wf-" + UUID.randomUUID())
                .withExtension("traceparent", TRACEPARENT)
                .build();
    }

    public static byte[] json(Object data) {
        try {
            return data instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The event in structured mode (application/cloudevents+json), as the SDK writes it. */
    public static String structured(CloudEvent event) {
        return new String(io.cloudevents.core.provider.EventFormatProvider.getInstance()
                .resolveFormat(io.cloudevents.jackson.JsonFormat.CONTENT_TYPE).serialize(event), StandardCharsets.UTF_8);
    }

    /** The job name Fling derives from a launch (name prefix, then a hash of source and id). */
    public static String jobName(CloudEvent launch, String prefix) {
        return (prefix == null ? "fling" : prefix) + "-" + key(launch);
    }

    /** The key Fling derives from a request's source and id (in job names and event ids). */
    public static String key(CloudEvent request) {
        return new dev.fling.events.RequestContext(request.getId(), request.getSource().toString(), request.getType(),
                Map.of()).key();
    }
}
