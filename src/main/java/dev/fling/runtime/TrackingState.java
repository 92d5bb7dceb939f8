package dev.fling.runtime;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.fling.events.EventType;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the tracker has already reported of a job, stored beside the job in the runtime so that a
 * restarted Fling neither repeats nor skips a transition: the state last announced and since when,
 * the attempt number, the parallelism last reported running, the last savepoint announced, the
 * last error Flink reported, the lifecycle events announced so far (for the query API), and how the
 * attempt last started ran its launch phases, and the parallelism of each vertex last reported
 * (empty unless an autoscaler sets it per vertex).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL) // no "lastError": null in every annotation and registry entry
public record TrackingState(
        JobState state,
        Instant since,
        int attempt,
        int parallelism,
        String lastSavepoint,
        String lastError,
        List<Announced> events,
        @JsonInclude(JsonInclude.Include.NON_NULL) LaunchPhases launch,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Integer> vertices) {

    /** Events kept per job; a long-lived job that is rescaled often keeps its latest ones. */
    static final int MAX_EVENTS = 50;

    @JsonCreator
    public TrackingState {
        events = events == null ? List.of() : List.copyOf(events);
        vertices = vertices == null ? Map.of() : Map.copyOf(vertices);
    }

    /** A state whose vertices all run with the job's parallelism. */
    public TrackingState(JobState state, Instant since, int attempt, int parallelism, String lastSavepoint,
            String lastError, List<Announced> events, LaunchPhases launch) {
        this(state, since, attempt, parallelism, lastSavepoint, lastError, events, launch, null);
    }

    /** A state that does not know yet how the job started. */
    public TrackingState(JobState state, Instant since, int attempt, int parallelism, String lastSavepoint,
            String lastError, List<Announced> events) {
        this(state, since, attempt, parallelism, lastSavepoint, lastError, events, null);
    }

    /**
     * One lifecycle event as it went out: its type, what told it apart from others of its type
     * (null for those that happen once) and its time. Its id follows from these and the job
     * ({@link EventType#idFor}); not storing it keeps thousands of tracked jobs smaller.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Announced(String type, String occurrence, Instant time) {
        public Announced {
            type = EventType.canonical(type); // one copy of each type name, not one per job
        }

        boolean sameAs(Announced other) {
            return type.equals(other.type) && Objects.equals(occurrence, other.occurrence);
        }
    }

    /** Attempt 1, not started yet, with the parallelism asked for, nothing announced. */
    public static TrackingState initial(JobDefinition definition) {
        return new TrackingState(JobState.ACCEPTED, definition.acceptedAt(), 1, definition.parallelism(), null, null,
                List.of());
    }

    /** This state with how the attempt that runs now started. */
    public TrackingState withLaunch(LaunchPhases next) {
        return new TrackingState(state, since, attempt, parallelism, lastSavepoint, lastError, events, next, vertices);
    }

    /** This state with the parallelism each vertex runs with, as last reported. */
    public TrackingState withVertices(Map<String, Integer> next) {
        return new TrackingState(state, since, attempt, parallelism, lastSavepoint, lastError, events, launch, next);
    }

    /** Whether an event of this type is among those announced. */
    public boolean announced(EventType type) {
        return events.stream().anyMatch(e -> e.type().equals(type.type()));
    }

    /** Whether this event of this type (its occurrence telling it from others of the type) was announced. */
    public boolean announced(EventType type, String occurrence) {
        return events.stream()
                .anyMatch(e -> e.type().equals(type.type()) && Objects.equals(e.occurrence(), occurrence));
    }

    public TrackingState withState(JobState next, Instant at) {
        return new TrackingState(next, at, attempt, parallelism, lastSavepoint, lastError, events, launch, vertices);
    }

    public TrackingState withAttempt(int next) {
        return new TrackingState(state, since, next, parallelism, lastSavepoint, lastError, events, launch, vertices);
    }

    public TrackingState withParallelism(int next) {
        return new TrackingState(state, since, attempt, next, lastSavepoint, lastError, events, launch, vertices);
    }

    public TrackingState withLastSavepoint(String trigger) {
        return new TrackingState(state, since, attempt, parallelism, trigger, lastError, events, launch, vertices);
    }

    public TrackingState withLastError(String error) {
        return new TrackingState(state, since, attempt, parallelism, lastSavepoint, error, events, launch, vertices);
    }

    public TrackingState withEvents(List<Announced> announced) {
        return new TrackingState(state, since, attempt, parallelism, lastSavepoint, lastError, announced, launch, vertices);
    }

    /** This state with the accepted event {@code recorded} holds first in its history, if it lacks one. */
    public TrackingState withAcceptedOf(TrackingState recorded) {
        if (announced(EventType.ACCEPTED)) {
            return this;
        }
        List<Announced> next = new ArrayList<>();
        recorded.events.stream().filter(e -> e.type().equals(EventType.ACCEPTED.type())).findFirst().ifPresent(next::add);
        next.addAll(events);
        return withEvents(next);
    }

    /** This state with one more announced event (the oldest after the first dropped beyond {@link #MAX_EVENTS}). */
    public TrackingState withEvent(Announced announced) {
        if (events.stream().anyMatch(announced::sameAs)) {
            return this;
        }
        List<Announced> next = new ArrayList<>(events);
        next.add(announced);
        if (next.size() > MAX_EVENTS) {
            next.remove(1); // keep the launch's accepted event: it says when the job began, and that it was announced
        }
        return withEvents(next);
    }
}
