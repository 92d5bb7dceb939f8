package dev.fling.bench;

import dev.fling.testing.TopicReader;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

/** Notes (System.nanoTime) when each lifecycle event first reaches a consumer of the events topic, by type and job. */
final class EventClock implements AutoCloseable {

    private final Map<String, Long> arrived = new ConcurrentHashMap<>();
    private final TopicReader<String, CloudEvent> reader;

    EventClock(String bootstrapServers, String topic) {
        reader = new TopicReader<>(new KafkaConsumer<String, CloudEvent>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, CloudEventDeserializer.class.getName())),
                topic, record -> arrived.putIfAbsent(key(record.value().getType(), record.value().getSubject()),
                        System.nanoTime()));
    }

    Long at(String type, String job) {
        return arrived.get(key(type, job));
    }

    void awaitAll(String type, Collection<String> jobs, Duration limit) {
        Awaitility.await(jobs.size() + " events " + type).atMost(limit).pollInterval(Duration.ofMillis(50))
                .until(() -> jobs.stream().allMatch(job -> arrived.containsKey(key(type, job))));
    }

    private static String key(String type, String job) {
        return type + " " + job;
    }

    @Override
    public void close() throws InterruptedException {
        reader.close();
    }
}
