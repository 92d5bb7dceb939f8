package dev.fling.stream;

import dev.fling.query.JobQueryResource.Problem;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The answers a stream gives instead of starting: JSON {@code {"error": ...}} like {@code /jobs}. */
final class StreamAnswers {

    /** How long a client waits before it asks again after a 503. */
    static final String RETRY_AFTER_SECONDS = "5";

    private StreamAnswers() {}

    static WebApplicationException problem(Response.Status status, String error) {
        Response.ResponseBuilder answer = Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(new Problem(error));
        if (status == Response.Status.SERVICE_UNAVAILABLE) {
            answer.header("Retry-After", RETRY_AFTER_SECONDS);
        }
        return new WebApplicationException(error, answer.build());
    }

    /**
     * Runs a stream on the resource method's thread: what keeps it from starting is the answer
     * (503 when it cannot start now); once it has started, a failure has closed it and the client
     * resumes.
     */
    static void serve(VertxWire wire, Runnable stream) {
        try {
            stream.run();
        } catch (RuntimeException e) {
            if (!wire.started()) {
                throw unavailable(e);
            }
        } finally {
            wire.methodReturned();
        }
    }

    /** What cannot start now, as 503; anything else as it is. */
    static RuntimeException unavailable(RuntimeException e) {
        if (e instanceof EventStreams.TooManyStreams || e instanceof EventStreams.TopicUnavailable
                || e instanceof org.apache.kafka.common.KafkaException) {
            return problem(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
        }
        return e;
    }

    /** The Last-Event-ID header, or the {@code lastEventId} parameter for clients that cannot set headers. */
    static String lastEventId(String header, String parameter) {
        if (header != null && !header.isBlank()) {
            return header.trim();
        }
        return parameter == null || parameter.isBlank() ? null : parameter.trim();
    }
}
