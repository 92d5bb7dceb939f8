package dev.fling.events.payload;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.fling.events.EventType;
import io.quarkus.runtime.annotations.RegisterForReflection;
import dev.fling.runtime.LaunchPhases;
import java.util.List;
import java.util.Map;

/** Data of every lifecycle event; each record mirrors its file in events-schema/. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public sealed interface EventData {

    /** The job the event is about, or null when the request could not be read far enough. */
    String job();

    /** The CloudEvent type this data belongs to. */
    EventType type();

    /** The request passed admission and its effect is durable. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Accepted(String job, String namespace, String request, String runtime) implements EventData {
        public EventType type() {
            return EventType.ACCEPTED;
        }
    }

    /** The request was refused; nothing was done. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Rejected(String job, RejectionReason reason, String message, String requestType, List<FieldError> errors)
            implements EventData {
        public EventType type() {
            return EventType.REJECTED;
        }
    }

    /** Accepted but waiting for capacity: why, its tenant, and its place in the queue (1 = next) when it waits there. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Pending(String job, String reason, String tenant, Integer position) implements EventData {
        public Pending(String job, String reason) {
            this(job, reason, null, null);
        }

        public EventType type() {
            return EventType.PENDING;
        }
    }

    /** The Flink job is RUNNING: how its attempt started ("cold" or "warm") and its launch phases in milliseconds. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Started(String job, String flinkJobId, Integer parallelism, int attempt, LaunchPhases.Start start,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Long> phases) implements EventData {
        /** A start whose launch nobody measured. */
        public Started(String job, String flinkJobId, Integer parallelism, int attempt) {
            this(job, flinkJobId, parallelism, attempt, null, null);
        }

        public EventType type() {
            return EventType.STARTED;
        }
    }

    /**
     * The job runs with a new parallelism: how it got there ({@code autoscaler} when the autoscaler
     * resized it), and for an autoscaler's resize each vertex's before and after and the reason it gave.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Rescaled(String job, int from, int to, String method,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<VertexRescale> vertices, String reason)
            implements EventData {
        /** The method of a resize the autoscaler made. */
        public static final String AUTOSCALER = "autoscaler";

        /** A rescale Fling was asked for: the whole job, no reason but the request. */
        public Rescaled(String job, int from, int to, String method) {
            this(job, from, to, method, null, null);
        }

        public EventType type() {
            return EventType.RESCALED;
        }
    }

    /** One vertex's parallelism before and after a resize, by Flink's vertex id. */
    record VertexRescale(String id, int from, int to) {}

    /** A savepoint was taken. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SavepointCompleted(String job, String path) implements EventData {
        public EventType type() {
            return EventType.SAVEPOINT_COMPLETED;
        }
    }

    /** The job FINISHED. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Succeeded(String job, String flinkJobId) implements EventData {
        public EventType type() {
            return EventType.SUCCEEDED;
        }
    }

    /** The job FAILED, after its last attempt. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Failed(String job, String error, int attempts) implements EventData {
        public EventType type() {
            return EventType.FAILED;
        }
    }

    /** The job was cancelled or suspended. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Cancelled(String job, String savepointPath, String reason) implements EventData {
        public EventType type() {
            return EventType.CANCELLED;
        }
    }

    /** The deadline passed and the job was stopped. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TimedOut(String job, long deadlineSeconds) implements EventData {
        public EventType type() {
            return EventType.TIMED_OUT;
        }
    }
}
