package dev.fling.ingress;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.admission.JobNames;
import dev.fling.dispatch.RequestProcessor;
import dev.fling.dispatch.RequestProcessor.Outcome;
import dev.fling.egress.BrokerRefusedException;
import dev.fling.egress.RawRequest;
import dev.fling.events.RequestContext;
import dev.fling.events.RequestType;
import dev.fling.runtime.RuntimeUnavailableException;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Reads requests from the requests topic, in binary or structured mode, with the CloudEvents
 * SDK, and works on them in {@link DispatchLanes}: side by side, those about one job in arrival
 * order. A record is acknowledged (and its offset committed, once every older one is) only when
 * its effect is durable or its rejection is out. While the runtime cannot be reached the record is
 * retried, holding back the commits of its partition, never skipped; so is a broker that does not
 * take the resulting events.
 */
@ApplicationScoped
public class KafkaRequestConsumer {

    private static final Logger LOG = Logger.getLogger(KafkaRequestConsumer.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private static final String LAUNCH = RequestType.LAUNCH.type();

    private final RequestProcessor processor;
    private final DispatchLanes lanes;
    private final ObjectMapper mapper;
    private volatile boolean stopping;

    public KafkaRequestConsumer(RequestProcessor processor, DispatchLanes lanes, ObjectMapper mapper) {
        this.processor = processor;
        this.lanes = lanes;
        this.mapper = mapper;
    }

    void onStop(@Observes ShutdownEvent shutdown) {
        stopping = true;
    }

    @Incoming("requests")
    public CompletionStage<Void> consume(Message<ConsumerRecord<byte[], byte[]>> message) {
        ConsumerRecord<byte[], byte[]> record = message.getPayload();
        RawRequest raw = new RawRequest(record.topic(), record.partition(), record.offset(), record.key(),
                record.value(), record.headers());
        CloudEvent event;
        try {
            event = KafkaMessageFactory.createReader(record).toEvent();
        } catch (RuntimeException e) {
            String why = describe(e);
            return lanes.submit(raw.origin(), lane -> untilDone(message, "the record at " + raw.origin(), lane,
                    () -> processor.undecodable(raw, why)));
        }
        return lanes.submit(jobKey(event), lane -> untilDone(message,
                "request " + event.getId() + " at " + raw.origin(), lane, () -> {
                    try {
                        return processor.process(event, raw);
                    } catch (RuntimeUnavailableException | BrokerRefusedException e) {
                        throw e;
                    } catch (RuntimeException e) {
                        // A fault of ours must not stall the partition: refuse the request, keep it in the dead letters.
                        LOG.errorf(e, "request %s at %s could not be processed", event.getId(), raw.origin());
                        return processor.failed(event, raw, e);
                    }
                }));
    }

    /**
     * Works on a request until it is done and its events are out, then acknowledges the record.
     * What cannot be done now (runtime or broker unreachable) is tried again with backoff in its
     * lane, holding back the lane and the partition's commits. An event the broker refuses once the
     * lane has moved on (a launch's accepted event is not waited for there) has the request tried
     * again in the lane. When Fling stops first, the record is left unacknowledged, to be delivered again.
     */
    private CompletionStage<Void> untilDone(Message<?> message, String what, Executor lane, Supplier<Outcome> work) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        attempt(message, what, lane, work, FIRST_BACKOFF, done);
        return done;
    }

    private void attempt(Message<?> message, String what, Executor lane, Supplier<Outcome> work, Duration backoff,
            CompletableFuture<Void> done) {
        Outcome outcome = null;
        Duration next = backoff;
        while (outcome == null) {
            try {
                outcome = work.get();
            } catch (RuntimeException e) {
                if (!waitToRetry(what, e, next)) {
                    done.complete(null);
                    return;
                }
                next = longer(next);
            }
        }
        Duration afterRefusal = next;
        outcome.written().whenComplete((written, refused) -> {
            if (refused == null) {
                message.ack();
                done.complete(null);
            } else if (!stopping) {
                LOG.warnf("%s: the broker did not take its event (%s); retrying in %d ms", what,
                        describe(refused), afterRefusal.toMillis());
                CompletableFuture.delayedExecutor(afterRefusal.toMillis(), TimeUnit.MILLISECONDS, lane)
                        .execute(() -> attempt(message, what, lane, work, longer(afterRefusal), done));
            } else {
                leaveOnTopic(what);
                done.complete(null);
            }
        });
    }

    /** Logs why {@code what} waits and waits; false when Fling is stopping (the record stays on the topic). */
    private boolean waitToRetry(String what, RuntimeException failure, Duration backoff) {
        if (stopping) {
            leaveOnTopic(what);
            return false;
        }
        LOG.warnf("%s cannot be completed now (%s); retrying in %d ms", what, failure.getMessage(), backoff.toMillis());
        try {
            Thread.sleep(backoff.toMillis());
            return true;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Fling stops before the request is done: it is left unacknowledged, to be delivered again. */
    private static void leaveOnTopic(String what) {
        LOG.infof("shutting down; %s stays on the topic", what);
    }

    private static Duration longer(Duration backoff) {
        return backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
    }

    /**
     * What orders requests: the request key for a launch, the key its job's name ends with for a
     * command about that job; so a command never overtakes the launch it follows.
     */
    private String jobKey(CloudEvent event) {
        if (LAUNCH.equals(event.getType()) || event.getData() == null) {
            return RequestContext.of(event).key();
        }
        try {
            String job = mapper.readTree(event.getData().toBytes()).path("job").asText("");
            return job.isEmpty() ? RequestContext.of(event).key() : JobNames.keyOf(job);
        } catch (IOException e) {
            return RequestContext.of(event).key(); // admission will say what is wrong with it
        }
    }

    /** The first line of the innermost message: what a user can act on, without parser noise. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause().getMessage() != null) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        return message.lines().findFirst().orElse(message);
    }
}
