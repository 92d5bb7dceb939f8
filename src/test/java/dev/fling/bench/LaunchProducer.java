package dev.fling.bench;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.kafka.CloudEventSerializer;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces launch requests (binary mode, keyed by job name) at a fixed rate or as fast as the
 * producer takes them, noting when each was handed to the producer. linger.ms is 0, as a
 * latency-minded user would set it; Kafka 4's default of 5 ms would count against Fling.
 */
final class LaunchProducer implements AutoCloseable {

    private final KafkaProducer<String, CloudEvent> producer;

    LaunchProducer(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, CloudEventSerializer.class.getName(),
                CloudEventSerializer.ENCODING_CONFIG, Encoding.BINARY.name(),
                ProducerConfig.LINGER_MS_CONFIG, "0",
                ProducerConfig.ACKS_CONFIG, "all"));
    }

    /** Sends every launch to the topic, {@code perSecond} a second (0: as fast as possible); job name to System.nanoTime at send. */
    Map<String, Long> send(String topic, Launches launches, int perSecond) {
        Map<String, Long> sent = new HashMap<>();
        Pacer pacer = new Pacer(perSecond);
        for (int i = 0; i < launches.size(); i++) {
            pacer.awaitTurn(i);
            String job = launches.jobs().get(i);
            sent.put(job, System.nanoTime());
            producer.send(new ProducerRecord<>(topic, job, launches.events().get(i)));
        }
        producer.flush();
        return sent;
    }

    @Override
    public void close() {
        producer.close();
    }
}
