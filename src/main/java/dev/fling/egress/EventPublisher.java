package dev.fling.egress;

import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Sends lifecycle events to the events topic, keyed by job name so that a job's events stay in
 * order on one partition, then to the HTTP sink if there is one. The returned stage completes when
 * the broker has the event, or fails with {@link BrokerRefusedException}.
 */
@ApplicationScoped
public class EventPublisher {

    private final Emitter<CloudEvent> events;
    private final MeterRegistry meters;
    private final SinkPublisher sink;

    public EventPublisher(@Channel("events") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
            Emitter<CloudEvent> events, MeterRegistry meters, SinkPublisher sink) {
        this.events = events;
        this.meters = meters;
        this.sink = sink;
    }

    public CompletionStage<Void> publish(CloudEvent event) {
        CompletionStage<Void> written = Delivery.send(events, Message.of(event)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.getSubject()).build()));
        return written.thenRun(() -> {
            meters.counter("fling.lifecycle.events", "type", event.getType()).increment();
            sink.offer(event); // after Kafka has it: the sink is a copy, never a condition
        });
    }
}
