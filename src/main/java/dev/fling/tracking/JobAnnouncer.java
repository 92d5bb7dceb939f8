package dev.fling.tracking;

import dev.fling.egress.EventFactory;
import dev.fling.egress.EventPublisher;
import dev.fling.events.RequestContext;
import dev.fling.events.payload.EventData;
import dev.fling.runtime.FlinkRuntime;
import dev.fling.runtime.TrackingState;
import io.cloudevents.CloudEvent;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * How the tracker tells and remembers: publishes a job's lifecycle event and waits for the
 * broker, and records the tracking state beside the job in the runtime.
 */
final class JobAnnouncer {

    private static final Logger LOG = Logger.getLogger(JobAnnouncer.class);

    private final EventFactory events;
    private final EventPublisher publisher;
    private final FlinkRuntime runtime;

    JobAnnouncer(EventFactory events, EventPublisher publisher, FlinkRuntime runtime) {
        this.events = events;
        this.publisher = publisher;
        this.runtime = runtime;
    }

    /** The event, not sent. */
    CloudEvent event(TrackedJob job, RequestContext cause, EventData data, String occurrence, Instant time) {
        return events.forJob(job.ref(), cause, data, occurrence, time);
    }

    /** Publishes and waits for the broker; throws when it refuses (the caller tries again later). */
    CloudEvent publish(TrackedJob job, RequestContext cause, EventData data, String occurrence, Instant time) {
        CloudEvent event = event(job, cause, data, occurrence, time);
        publisher.publish(event).toCompletableFuture().join();
        return event;
    }

    /** Sends without waiting: the returned write tells when the broker has it. */
    java.util.concurrent.CompletableFuture<Void> send(CloudEvent event) {
        return publisher.publish(event).toCompletableFuture();
    }

    /**
     * Keeps {@code next} as the job's state, and in the runtime so that a restarted Fling finds it;
     * not written again when the runtime holds it already.
     */
    void record(TrackedJob job, TrackingState next) {
        job.tracking(next);
        if (next.equals(job.recorded())) {
            return;
        }
        try {
            runtime.record(job.ref(), next);
            job.recorded(next);
        } catch (RuntimeException e) {
            // The event is out; if this is lost, a restart repeats it with the same id, which is allowed.
            LOG.warnf(e, "could not record state %s of job %s in the runtime", next.state(), job.ref());
        }
    }

    /** Keeps {@code next} as the job's state, which the runtime already holds (written with a runtime action). */
    void recorded(TrackedJob job, TrackingState next) {
        job.tracking(next);
        job.recorded(next);
    }

    String runtimeName() {
        return runtime.name();
    }
}
