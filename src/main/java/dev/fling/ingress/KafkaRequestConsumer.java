package dev.fling.ingress;

import dev.fling.dispatch.RequestProcessor;
import dev.fling.egress.RawRequest;
import dev.fling.runtime.RuntimeUnavailableException;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads requests from the requests topic, in binary or structured mode, with the CloudEvents
 * SDK. The record is acknowledged (and its offset committed) only when this method returns, that
 * is once its effect is durable or its rejection is out. While the runtime cannot be reached the
 * record is retried, holding its partition back, never skipped; so is a broker that does not take
 * the resulting events.
 */
@ApplicationScoped
public class KafkaRequestConsumer {

    private static final Logger LOG = Logger.getLogger(KafkaRequestConsumer.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final RequestProcessor processor;
    private volatile boolean stopping;

    public KafkaRequestConsumer(RequestProcessor processor) {
        this.processor = processor;
    }

    void onStop(@Observes ShutdownEvent shutdown) {
        stopping = true;
    }

    @Incoming("requests")
    @Blocking
    public void consume(ConsumerRecord<byte[], byte[]> record) throws InterruptedException {
        RawRequest raw = new RawRequest(record.topic(), record.partition(), record.offset(), record.key(),
                record.value(), record.headers());
        CloudEvent event;
        try {
            event = KafkaMessageFactory.createReader(record).toEvent();
        } catch (RuntimeException e) {
            processor.undecodable(raw, describe(e));
            return;
        }
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            try {
                processor.process(event, raw);
                return;
            } catch (RuntimeUnavailableException | CompletionException e) {
                if (stopping) {
                    // Not acknowledged, so not committed: the next instance gets it again.
                    throw new IllegalStateException("shutting down; request " + event.getId() + " stays on the topic", e);
                }
                LOG.warnf("request %s at %s cannot be completed now (%s); retrying in %d ms", event.getId(),
                        raw.origin(), e.getMessage(), backoff.toMillis());
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } catch (RuntimeException e) {
                // A fault of ours must not stall the partition: refuse the request, keep it in the dead letters.
                LOG.errorf(e, "request %s at %s could not be processed", event.getId(), raw.origin());
                processor.failed(event, raw, e);
                return;
            }
        }
    }

    /** The first line of the innermost message: what a user can act on, without parser noise. */
    static String describe(RuntimeException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause().getMessage() != null) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        return message.lines().findFirst().orElse(message);
    }
}
