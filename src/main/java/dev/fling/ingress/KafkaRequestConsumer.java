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
import java.util.concurrent.CompletionStage;
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
 * retried ({@link RequestAttempts}), holding back the commits of its partition, never skipped; so
 * is a broker that does not take the resulting events.
 */
@ApplicationScoped
public class KafkaRequestConsumer {

    private static final Logger LOG = Logger.getLogger(KafkaRequestConsumer.class);
    private static final String LAUNCH = RequestType.LAUNCH.type();

    private final RequestProcessor processor;
    private final DispatchLanes lanes;
    private final ObjectMapper mapper;
    private final RetryScheduler retries;
    private volatile boolean stopping;

    public KafkaRequestConsumer(RequestProcessor processor, DispatchLanes lanes, ObjectMapper mapper,
            RetryScheduler retries) {
        this.processor = processor;
        this.lanes = lanes;
        this.mapper = mapper;
        this.retries = retries;
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
            return lanes.submit(raw.origin(), lane -> attempts(message, "the record at " + raw.origin(),
                    () -> processor.undecodable(raw, why)).start(lane));
        }
        return lanes.submit(jobKey(event), lane -> attempts(message, "request " + event.getId() + " at " + raw.origin(),
                () -> {
                    try {
                        return processor.process(event, raw);
                    } catch (RuntimeUnavailableException | BrokerRefusedException e) {
                        throw e;
                    } catch (RuntimeException e) {
                        // A fault of ours must not stall the partition: refuse the request, keep it in the dead letters.
                        LOG.errorf(e, "request %s at %s could not be processed", event.getId(), raw.origin());
                        return processor.failed(event, raw, e);
                    }
                }).start(lane));
    }

    /** The attempts of one request, acknowledged through {@code message} once it is durable. */
    private RequestAttempts attempts(Message<?> message, String what, Supplier<Outcome> work) {
        return new RequestAttempts(what, work, message::ack, retries, () -> stopping);
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
