package dev.fling.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.fling.events.EventType;
import dev.fling.runtime.Autoscaling;
import dev.fling.runtime.JobObservation;
import dev.fling.runtime.JobRecord;
import dev.fling.runtime.KeptSavepoint;
import dev.fling.runtime.LaunchPhases;
import dev.fling.runtime.RemovedJob;
import dev.fling.runtime.TrackingState;
import dev.fling.tracking.JobSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A job as pollers see it. {@code events} (the lifecycle events so far) is only in the answer
 * about one job.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Job", description = "A job Fling follows, as its runtime holds it")
public record JobView(
        @Schema(description = "The job's name (the subject of its events)") String name,
        String namespace,
        @Schema(description = "accepted, pending, deploying, running, rescaling, retrying, succeeded, failed, "
                + "cancelled or timed_out") String state,
        @Schema(description = "The launch request's id") String requestId,
        @Schema(description = "The launch request's source") String requestSource,
        @Schema(description = "The launch request's extension attributes (traceparent, correlation ids...), which "
                + "every event of the job carries; only in the answer about one job")
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> requestExtensions,
        Map<String, String> labels,
        @Schema(description = "The attempt running or last run (1 unless retried)") int attempt,
        @Schema(description = "Parallelism last reported running, or asked for before the start") int parallelism,
        @Schema(description = "Flink's id of the job, once the runtime knows it") String flinkJobId,
        Instant acceptedAt,
        Instant startedAt,
        Instant endedAt,
        @Schema(description = "When the job entered its current state") Instant stateSince,
        @Schema(description = "The last failure Flink reported (also of an attempt that was retried)") String lastError,
        @Schema(description = "The last savepoint taken, if any") String lastSavepoint,
        @Schema(description = "The lifecycle events so far, oldest first (the launch's accepted event, then "
                + "every transition)") List<Event> events,
        @Schema(description = "The savepoints the runtime keeps for the job, oldest first, also after the job was "
                + "removed (local runtime; on Kubernetes savepoints live in the job's own storage)")
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<KeptSavepoint> savepoints,
        @Schema(description = "When the job's cluster and record were removed after its time-to-live; only set "
                + "for a removed job whose savepoints are kept") Instant removedAt,
        @Schema(description = "How the attempt running or last run started (cold: a cluster of its own was "
                + "started; warm: an idle pooled cluster was taken) and its launch phases in milliseconds, as "
                + "its started event said") LaunchPhases startup,
        @Schema(description = "The bounds within which the autoscaler sets the job's parallelism, for a job "
                + "launched with autoscale") Autoscaling autoscaling,
        @Schema(description = "Each vertex's parallelism as last reported, by Flink's vertex id, once an "
                + "autoscaler has set it per vertex")
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Integer> vertices,
        @Schema(description = "The resizes so far, oldest first: the job's rescaled events (their data, each "
                + "vertex before and after, is in the job's event stream); only in the answer about one job")
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Event> resizes) {

    /** One lifecycle event as it went out on fling.events. */
    public record Event(String type, String id, Instant time) {}

    static JobView summary(JobSnapshot job) {
        return of(job, false, null, null);
    }

    static JobView details(JobSnapshot job, List<KeptSavepoint> savepoints) {
        return of(job, true, savepoints, null);
    }

    /** A job removed after its time-to-live, as it was last recorded, with the savepoints still kept. */
    static JobView removed(RemovedJob job, List<KeptSavepoint> savepoints) {
        return of(new JobSnapshot(job.record(), job.record().tracking(), null), true, savepoints, job.removedAt());
    }

    private static JobView of(JobSnapshot job, boolean withEvents, List<KeptSavepoint> savepoints,
            Instant removedAt) {
        JobRecord record = job.record();
        TrackingState tracking = job.tracking();
        JobObservation seen = job.lastObservation();
        List<Event> events = tracking.events().stream().map(e -> new Event(e.type(),
                EventType.of(e.type()).idFor(record.ref().namespace(), record.ref().name(), e.occurrence()), e.time()))
                .toList();
        return new JobView(record.ref().name(), record.ref().namespace(), state(tracking),
                record.launch().id(), record.launch().source(), withEvents ? record.launch().extensions() : null,
                record.labels(), tracking.attempt(),
                tracking.parallelism(), seen == null ? null : seen.flinkJobId(), record.acceptedAt(),
                firstOf(events, EventType.STARTED), tracking.state().isTerminal() ? tracking.since() : null,
                tracking.since(), tracking.lastError(), savepoint(seen), withEvents ? events : null, savepoints,
                removedAt, tracking.launch(), record.policy().autoscaling(), new TreeMap<>(tracking.vertices()),
                withEvents ? events.stream().filter(e -> e.type().equals(EventType.RESCALED.type())).toList() : null);
    }

    static String state(TrackingState tracking) {
        return tracking.state().name().toLowerCase(Locale.ROOT);
    }

    private static Instant firstOf(List<Event> events, EventType type) {
        return events.stream().filter(e -> e.type().equals(type.type())).map(Event::time).findFirst().orElse(null);
    }

    private static String savepoint(JobObservation seen) {
        if (seen == null) {
            return null;
        }
        if (seen.stopSavepointPath() != null) {
            return seen.stopSavepointPath();
        }
        return seen.savepoint() == null ? null : seen.savepoint().path();
    }
}
