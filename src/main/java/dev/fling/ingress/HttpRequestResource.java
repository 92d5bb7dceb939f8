package dev.fling.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fling.dispatch.RequestProcessor;
import dev.fling.dispatch.RequestProcessor.Outcome;
import dev.fling.egress.BrokerRefusedException;
import dev.fling.egress.RawRequest;
import dev.fling.runtime.RuntimeUnavailableException;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.Optional;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * CloudEvents over HTTP, as Knative Triggers and plain clients send them: binary, structured and
 * batch mode on {@code POST /}, through the same admission and dispatch as Kafka. Answers as
 * Knative's data plane expects: 202 accepted (200 with the {@code accepted} event as the reply
 * when the sender asks, by {@code ?reply=true} or {@code Prefer: reply}), 400 with the
 * {@code rejected} event for bad input (not retried), 429 with Retry-After beyond
 * {@code fling.http.max-in-flight} requests at once, 503 with Retry-After when Fling cannot take
 * it now (both retried). The size limit (413) is {@code quarkus.http.limits.max-body-size}.
 */
@Path("/")
public class HttpRequestResource {

    static final String BATCH = "application/cloudevents-batch+json";
    private static final String RETRY_AFTER_SECONDS = "5";
    private static final String BUSY_RETRY_AFTER_SECONDS = "1";
    private static final int TOO_MANY_REQUESTS = 429;

    private final RequestProcessor processor;
    private final ObjectMapper mapper;
    private final EventFormat json = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);
    private final int maxInFlight;
    private final int maxBatchEvents;
    private final Semaphore inFlight;

    public HttpRequestResource(RequestProcessor processor, ObjectMapper mapper, HttpConfig config) {
        this.processor = processor;
        this.mapper = mapper;
        this.maxInFlight = config.maxInFlight();
        this.maxBatchEvents = config.maxBatchEvents();
        this.inFlight = new Semaphore(maxInFlight);
    }

    @POST
    @Blocking
    @Consumes(MediaType.WILDCARD)
    public Response receive(@Context HttpHeaders headers, @Context SecurityContext security,
            @QueryParam("reply") boolean replyParameter, byte[] body) {
        // Each request holds a worker thread while the runtime answers; beyond the limit, the sender backs off.
        if (!inFlight.tryAcquire()) {
            return Response.status(TOO_MANY_REQUESTS).header("Retry-After", BUSY_RETRY_AFTER_SECONDS)
                    .type(MediaType.TEXT_PLAIN)
                    .entity("Fling is handling " + maxInFlight + " requests already; try again\n")
                    .build();
        }
        try {
            Principal caller = security == null ? null : security.getUserPrincipal();
            return handle(headers, replyParameter, body, Optional.ofNullable(caller).map(Principal::getName));
        } finally {
            inFlight.release();
        }
    }

    private Response handle(HttpHeaders headers, boolean replyParameter, byte[] body, Optional<String> subject) {
        Map<String, String> flat = new LinkedHashMap<>();
        headers.getRequestHeaders().forEach((name, values) -> flat.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        boolean reply = replyParameter || flat.getOrDefault("prefer", "").toLowerCase(Locale.ROOT).contains("reply");
        String contentType = flat.getOrDefault("content-type", "").toLowerCase(Locale.ROOT);
        try {
            if (contentType.startsWith(BATCH)) {
                return batch(body, flat, subject);
            }
            Outcome outcome = single(body, flat, subject);
            if (!outcome.accepted()) {
                return binary(Response.status(Response.Status.BAD_REQUEST), outcome.event());
            }
            return reply ? binary(Response.ok(), outcome.event()) : Response.accepted().build();
        } catch (RuntimeUnavailableException | BrokerRefusedException e) {
            return unavailable(e);
        }
    }

    private Outcome single(byte[] body, Map<String, String> headers, Optional<String> subject) {
        RawRequest raw = RawRequest.http(body, kafkaHeaders(headers));
        CloudEvent event;
        try {
            event = HttpMessageFactory.createReader(headers, body).toEvent();
        } catch (RuntimeException e) {
            return processor.undecodable(raw, KafkaRequestConsumer.describe(e));
        }
        return processor.process(event, raw, subject).durable();
    }

    /** Each event of the batch gets its own outcome: {"id", "status", "event"} in the order sent. */
    private Response batch(byte[] body, Map<String, String> headers, Optional<String> subject) {
        JsonNode events;
        try {
            events = mapper.readTree(body);
        } catch (IOException e) {
            events = null;
        }
        if (events == null || !events.isArray()) {
            Outcome outcome = processor.undecodable(RawRequest.http(body, kafkaHeaders(headers)),
                    "a batch must be a JSON array of structured CloudEvents");
            return binary(Response.status(Response.Status.BAD_REQUEST), outcome.event());
        }
        if (events.size() > maxBatchEvents) {
            return Response.status(Response.Status.REQUEST_ENTITY_TOO_LARGE).type(MediaType.TEXT_PLAIN)
                    .entity("a batch may hold at most " + maxBatchEvents + " events (fling.http.max-batch-events); "
                            + "this one holds " + events.size() + "; send it in parts\n")
                    .build();
        }
        ArrayNode outcomes = mapper.createArrayNode();
        for (JsonNode element : events) {
            byte[] bytes = element.toString().getBytes(StandardCharsets.UTF_8);
            RawRequest raw = RawRequest.http(bytes, kafkaHeaders(Map.of("content-type", JsonFormat.CONTENT_TYPE)));
            Outcome outcome;
            try {
                outcome = processor.process(json.deserialize(bytes), raw, subject).durable();
            } catch (RuntimeUnavailableException | BrokerRefusedException e) {
                throw e; // the whole batch is retried; what was accepted is found again by its id
            } catch (RuntimeException e) {
                outcome = processor.undecodable(raw, KafkaRequestConsumer.describe(e));
            }
            ObjectNode result = outcomes.addObject();
            result.put("id", element.path("id").asText(null));
            result.put("status", outcome.accepted() ? 202 : 400);
            result.set("event", structured(outcome.event()));
        }
        return Response.ok(outcomes.toString(), MediaType.APPLICATION_JSON).build();
    }

    private JsonNode structured(CloudEvent event) {
        try {
            return mapper.readTree(json.serialize(event));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The event in binary mode: attributes as ce- headers, data as the body. */
    private static Response binary(Response.ResponseBuilder response, CloudEvent event) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        HttpMessageFactory.createWriter(response::header, bytes -> body.writeBytes(bytes == null ? new byte[0] : bytes))
                .writeBinary(event);
        return response.entity(body.toByteArray()).build();
    }

    private static Response unavailable(RuntimeException e) {
        return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .header("Retry-After", RETRY_AFTER_SECONDS)
                .type(MediaType.TEXT_PLAIN)
                .entity("Fling cannot take this request now: " + e.getMessage() + "\n")
                .build();
    }

    private static RecordHeaders kafkaHeaders(Map<String, String> headers) {
        RecordHeaders kafka = new RecordHeaders();
        headers.forEach((name, value) -> kafka.add(name, value.getBytes(StandardCharsets.UTF_8)));
        return kafka;
    }

}
