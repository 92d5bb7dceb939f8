package dev.fling.bench;

import dev.fling.testing.TopicReader;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

/**
 * Notes (System.nanoTime) when each lifecycle event first reaches a consumer of the events topic, by
 * type and job, and counts the records and bytes produced about each job.
 */
final class EventClock implements AutoCloseable {

    private final Map<String, Long> arrived = new ConcurrentHashMap<>();
    private final Map<String, Produced> produced = new ConcurrentHashMap<>();
    private final TopicReader<String, CloudEvent> reader;

    EventClock(String bootstrapServers, String topic) {
        reader = new TopicReader<>(new KafkaConsumer<String, CloudEvent>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, CloudEventDeserializer.class.getName())),
                topic, record -> {
                    arrived.putIfAbsent(key(record.value().getType(), record.value().getSubject()), System.nanoTime());
                    produced.computeIfAbsent(record.key(), job -> new Produced()).add(record);
                });
    }

    /** Records and bytes (key, value and headers, as the producer serialized them) produced about these jobs. */
    Produced produced(Collection<String> jobs) {
        Produced sum = new Produced();
        for (String job : jobs) {
            Produced one = produced.get(job);
            if (one != null) {
                sum.records += one.records;
                sum.bytes += one.bytes;
            }
        }
        return sum;
    }

    static final class Produced {
        private long records;
        private long bytes;

        synchronized void add(ConsumerRecord<String, CloudEvent> record) {
            records++;
            bytes += Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
            for (Header header : record.headers()) {
                bytes += header.key().length() + (header.value() == null ? 0 : header.value().length);
            }
        }

        long records() {
            return records;
        }

        long bytes() {
            return bytes;
        }
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
