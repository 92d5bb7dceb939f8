package dev.fling.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Everything Fling wrote to the events topic, read from the beginning with the CloudEvents SDK
 * as a user's consumer would (structured and binary both decode). Every event is checked against
 * the schema file its {@code dataschema} names, in events-schema/.
 */
public final class EventLog implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private final List<ConsumerRecord<String, CloudEvent>> records = new CopyOnWriteArrayList<>();
    private final List<String> schemaViolations = new CopyOnWriteArrayList<>();
    private final TopicReader<String, CloudEvent> reader;

    public EventLog(String bootstrapServers, String topic) {
        reader = new TopicReader<>(new KafkaConsumer<String, CloudEvent>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, CloudEventDeserializer.class.getName())),
                topic, record -> {
                    check(record.value());
                    records.add(record);
                });
    }

    /** The events about one job, in the order they were written. */
    public List<CloudEvent> forJob(String job) {
        return records.stream().map(ConsumerRecord::value).filter(e -> job.equals(e.getSubject())).toList();
    }

    public List<ConsumerRecord<String, CloudEvent>> records() {
        return List.copyOf(records);
    }

    /** Whether every event below these offsets of the topic has been read. */
    public boolean reached(Map<org.apache.kafka.common.TopicPartition, Long> offsets) {
        return reader.reached(offsets);
    }

    /** Waits until an event of that type about the job is there, and returns it. */
    public CloudEvent await(String job, String type) {
        return await("an event " + type + " about " + job, e -> job.equals(e.getSubject()) && type.equals(e.getType()));
    }

    /** Like {@link #await(String, String)}, for what takes longer than usual (real Flink clusters). */
    public CloudEvent awaitWithin(String job, String type, java.time.Duration limit) {
        CloudEvent found = TopicReader.await("an event " + type + " about " + job, limit, () -> records.stream()
                .map(ConsumerRecord::value).filter(e -> job.equals(e.getSubject()) && type.equals(e.getType()))
                .findFirst());
        assertThat(schemaViolations).as("events that do not match their schema").isEmpty();
        return found;
    }

    public CloudEvent await(String description, Predicate<CloudEvent> match) {
        CloudEvent found = TopicReader.await(description, java.time.Duration.ofSeconds(30),
                () -> records.stream().map(ConsumerRecord::value).filter(match).findFirst());
        assertThat(schemaViolations).as("events that do not match their schema").isEmpty();
        return found;
    }

    /** The types of the job's events, in order. */
    public List<String> types(String job) {
        return forJob(job).stream().map(CloudEvent::getType).toList();
    }

    public List<String> schemaViolations() {
        return List.copyOf(schemaViolations);
    }

    public static JsonNode data(CloudEvent event) {
        try {
            return JSON.readTree(event.getData().toBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void check(CloudEvent event) {
        if (event.getDataSchema() == null) {
            schemaViolations.add(event.getId() + ": no dataschema");
            return;
        }
        String path = event.getDataSchema().getPath();
        String file = path.substring(path.lastIndexOf('/') + 1);
        try (InputStream in = EventLog.class.getClassLoader().getResourceAsStream("events-schema/" + file)) {
            if (in == null) {
                schemaViolations.add(event.getId() + ": dataschema names no file in events-schema/: " + file);
                return;
            }
            var errors = SCHEMAS.getSchema(in).validate(data(event));
            if (!errors.isEmpty()) {
                schemaViolations.add(event.getId() + ": " + errors);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        reader.close();
    }

    /** Raw records of a topic (the dead-letter topic), bytes as written. */
    public static final class Raw implements AutoCloseable {
        private final List<ConsumerRecord<byte[], byte[]>> records = new CopyOnWriteArrayList<>();
        private final TopicReader<byte[], byte[]> reader;

        public Raw(String bootstrapServers, String topic) {
            reader = new TopicReader<>(new KafkaConsumer<byte[], byte[]>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName())),
                    topic, records::add);
        }

        public List<ConsumerRecord<byte[], byte[]>> records() {
            return List.copyOf(records);
        }

        public ConsumerRecord<byte[], byte[]> await(String description, Predicate<ConsumerRecord<byte[], byte[]>> match) {
            return TopicReader.await(description, java.time.Duration.ofSeconds(30),
                    () -> records.stream().filter(match).findFirst());
        }

        @Override
        public void close() throws InterruptedException {
            reader.close();
        }
    }
}
