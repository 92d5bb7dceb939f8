package dev.fling.testing;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.CloudEventSerializer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes requests as a user's producer would: the CloudEvents SDK in either mode, or raw bytes. */
public final class RequestSender implements AutoCloseable {

    private final String topic;
    private final KafkaProducer<String, CloudEvent> binary;
    private final KafkaProducer<String, CloudEvent> structured;
    private final KafkaProducer<byte[], byte[]> raw;

    public RequestSender(String bootstrapServers) {
        this(bootstrapServers, "fling.requests");
    }

    public RequestSender(String bootstrapServers, String topic) {
        this.topic = topic;
        binary = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, CloudEventSerializer.class.getName(),
                CloudEventSerializer.ENCODING_CONFIG, Encoding.BINARY.name()));
        structured = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, CloudEventSerializer.class.getName(),
                CloudEventSerializer.ENCODING_CONFIG, Encoding.STRUCTURED.name(),
                CloudEventSerializer.EVENT_FORMAT_CONFIG, JsonFormat.CONTENT_TYPE));
        raw = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    /** Binary mode: attributes in ce_ headers, data as the value. */
    public void sendBinary(CloudEvent event) {
        send(binary, new ProducerRecord<>(topic, event.getId(), event));
    }

    /** Structured mode: content-type application/cloudevents+json, the whole event as the value. */
    public void sendStructured(CloudEvent event) {
        send(structured, new ProducerRecord<>(topic, event.getId(), event));
    }

    /** Any bytes, with any headers. */
    public void sendRaw(byte[] key, byte[] value, RecordHeaders headers) {
        send(raw, new ProducerRecord<>(topic, null, key, value, headers));
    }

    private static <K, V> void send(KafkaProducer<K, V> producer, ProducerRecord<K, V> record) {
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish a request", e);
        }
    }

    @Override
    public void close() {
        binary.close();
        structured.close();
        raw.close();
    }
}
