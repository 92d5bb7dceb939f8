package dev.fling.egress;

import dev.fling.admission.Rejection;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Keeps every refused request, byte for byte, on the dead-letter topic: the original key, value
 * and headers, plus headers saying why and where it came from. Nothing refused is lost.
 */
@ApplicationScoped
public class DeadLetters {

    public static final String REASON = "fling-dlq-reason";
    public static final String MESSAGE = "fling-dlq-message";
    public static final String REQUEST_TYPE = "fling-dlq-request-type";
    public static final String ORIGINAL_TOPIC = "fling-dlq-original-topic";
    public static final String ORIGINAL_PARTITION = "fling-dlq-original-partition";
    public static final String ORIGINAL_OFFSET = "fling-dlq-original-offset";

    private final Emitter<byte[]> deadLetters;

    public DeadLetters(@Channel("dead-letters") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
            Emitter<byte[]> deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** Writes the raw request; the stage completes when the broker has it, or fails with BrokerRefusedException. */
    public CompletionStage<Void> send(RawRequest raw, Rejection rejection, String requestType) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : raw.headers()) {
            headers.add(header);
        }
        add(headers, REASON, rejection.reason().name());
        add(headers, MESSAGE, rejection.message());
        if (requestType != null) {
            add(headers, REQUEST_TYPE, requestType);
        }
        add(headers, ORIGINAL_TOPIC, raw.topic());
        add(headers, ORIGINAL_PARTITION, Integer.toString(raw.partition()));
        add(headers, ORIGINAL_OFFSET, Long.toString(raw.offset()));

        CompletionStage<Void> written = Delivery.send(deadLetters, Message.of(raw.value())
                .addMetadata(OutgoingKafkaRecordMetadata.<byte[]>builder().withKey(raw.key()).withHeaders(headers).build()));
        return written;
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
