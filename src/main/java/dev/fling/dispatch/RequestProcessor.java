package dev.fling.dispatch;

import dev.fling.admission.Admission;
import dev.fling.admission.Command;
import dev.fling.admission.Rejection;
import dev.fling.admission.RequestRejectedException;
import dev.fling.egress.BrokerRefusedException;
import dev.fling.egress.DeadLetters;
import dev.fling.egress.EventFactory;
import dev.fling.egress.EventPublisher;
import dev.fling.egress.RawRequest;
import dev.fling.events.RequestContext;
import dev.fling.events.AttributeLimits;
import dev.fling.events.RequiredAttributes;
import dev.fling.events.RequestType;
import dev.fling.events.payload.EventData;
import dev.fling.events.payload.RejectionReason;
import dev.fling.tracking.Announcement;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * The one path every request takes, whatever its ingress: admission, then dispatch; or, when
 * refused, a {@code rejected} event and the raw request on the dead-letter topic. The outcome
 * says when it is durable (the effect is, and the broker has its event), so that the ingress
 * may then commit or answer: a launch's {@code accepted} event may still be on its way.
 * {@link dev.fling.runtime.RuntimeUnavailableException} and {@link BrokerRefusedException} pass
 * through: the ingress retries.
 */
@ApplicationScoped
public class RequestProcessor {

    private static final Logger LOG = Logger.getLogger(RequestProcessor.class);
    private static final CompletionStage<Void> DURABLE = CompletableFuture.completedFuture(null);

    private final Admission admission;
    private final Dispatcher dispatcher;
    private final EventFactory events;
    private final EventPublisher publisher;
    private final DeadLetters deadLetters;
    private final MeterRegistry meters;
    private final Clock clock;

    public RequestProcessor(Admission admission, Dispatcher dispatcher, EventFactory events, EventPublisher publisher,
            DeadLetters deadLetters, MeterRegistry meters, Clock clock) {
        this.admission = admission;
        this.dispatcher = dispatcher;
        this.events = events;
        this.publisher = publisher;
        this.deadLetters = deadLetters;
        this.meters = meters;
        this.clock = clock;
    }

    /** Admits and dispatches a decoded request that carries no authenticated subject (Kafka). */
    public Outcome process(CloudEvent request, RawRequest raw) {
        return process(request, raw, Optional.empty());
    }

    /** Admits and dispatches a decoded request sent by {@code subject}, when HTTP authentication named one. */
    public Outcome process(CloudEvent request, RawRequest raw, Optional<String> subject) {
        Optional<String> malformed = RequiredAttributes.problem(request).or(() -> AttributeLimits.problem(request));
        if (malformed.isPresent()) {
            return undecodable(raw, malformed.get());
        }
        try {
            Command command = admission.admit(request, subject);
            Announcement accepted = dispatcher.dispatch(command);
            CompletionStage<Void> written = accepted.written().thenRun(() -> {
                count(request.getType(), "accepted");
                LOG.infof("%s request %s from %s accepted for job %s", command.type().shortName(), request.getId(),
                        request.getSource(), command.job());
            });
            return new Outcome(true, accepted.event(), written);
        } catch (RequestRejectedException e) {
            return reject(RequestContext.of(request), request.getType(), e.rejection(), raw);
        }
    }

    /** Reports bytes that are not a CloudEvent. */
    public Outcome undecodable(RawRequest raw, String why) {
        return reject(null, null, Rejection.of(RejectionReason.NOT_A_CLOUDEVENT, "not a CloudEvent: " + why), raw);
    }

    /** Refuses a request Fling itself failed on, so that it is kept and reported rather than retried forever. */
    public Outcome failed(CloudEvent request, RawRequest raw, RuntimeException failure) {
        return reject(RequestContext.of(request), request.getType(), Rejection.of(RejectionReason.RUNTIME_REFUSED,
                "Fling could not process the request: " + failure), raw);
    }

    private Outcome reject(RequestContext request, String type, Rejection rejection, RawRequest raw) {
        String id = "rejected/" + (request != null ? request.key() : raw.origin());
        CloudEvent rejected = events.rejection(id, request, new EventData.Rejected(rejection.job(),
                rejection.reason(), rejection.message(), type, rejection.errors()), clock.instant());
        CompletableFuture.allOf(
                publisher.publish(rejected).toCompletableFuture(),
                deadLetters.send(raw, rejection, type).toCompletableFuture()).join();
        count(type, "rejected");
        LOG.infof("request %s rejected (%s): %s %s", request != null ? request.id() : raw.origin(), rejection.reason(),
                rejection.message(), rejection.errors());
        return new Outcome(false, rejected, DURABLE);
    }

    private void count(String type, String outcome) {
        meters.counter("fling.requests", "type", RequestType.of(type).map(RequestType::shortName).orElse("unknown"),
                "outcome", outcome).increment();
    }

    /**
     * What became of a request: the {@code accepted} or {@code rejected} event that answers it, and
     * its write, which fails when the broker refuses the event (the request is then to be tried again).
     */
    public record Outcome(boolean accepted, CloudEvent event, CompletionStage<Void> written) {

        /** This outcome once it is durable; throws {@link BrokerRefusedException} if the broker refused its event. */
        public Outcome durable() {
            written.toCompletableFuture().join();
            return this;
        }
    }
}
