package dev.fling.fuzz;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import dev.fling.testing.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The dead-letter topic as the fuzz run needs it, without holding the (large) values: each record by
 * where it came from (Kafka: topic/partition/offset; HTTP: the digest of its bytes), with its reason,
 * the digest of its value (to compare byte for byte) and when it was written.
 */
public final class DeadLetterIndex implements AutoCloseable {

    /** One dead letter: why, the digest of its value, and when the broker got it. */
    public record Letter(String reason, String digest, long timestamp) {}

    private final Map<String, Letter> fromKafka = new ConcurrentHashMap<>();
    private final Map<String, ConcurrentLinkedQueue<Letter>> fromHttp = new ConcurrentHashMap<>();
    private final AtomicLong count = new AtomicLong();
    private final TopicReader<byte[], byte[]> reader;

    public DeadLetterIndex(String bootstrapServers, String topic) {
        reader = new TopicReader<>(new KafkaConsumer<byte[], byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName())),
                topic, this::add);
    }

    private DeadLetterIndex() {
        reader = null;
    }

    /** An index of these records, read from nowhere: for checking a checker on records built by hand. */
    public static DeadLetterIndex of(Iterable<ConsumerRecord<byte[], byte[]>> records) {
        DeadLetterIndex index = new DeadLetterIndex();
        records.forEach(index::add);
        return index;
    }

    private void add(ConsumerRecord<byte[], byte[]> record) {
        Letter letter = new Letter(header(record, "fling-dlq-reason"), digest(record.value()), record.timestamp());
        String topic = header(record, "fling-dlq-original-topic");
        if ("http".equals(topic)) {
            fromHttp.computeIfAbsent(letter.digest(), d -> new ConcurrentLinkedQueue<>()).add(letter);
        } else {
            fromKafka.put(topic + "/" + header(record, "fling-dlq-original-partition") + "/"
                    + header(record, "fling-dlq-original-offset"), letter);
        }
        count.incrementAndGet();
    }

    /** The dead letter of the Kafka record at this place, or null. */
    public Letter ofRecord(String topic, int partition, long offset) {
        return fromKafka.get(topic + "/" + partition + "/" + offset);
    }

    /** One dead letter of an HTTP request with exactly these bytes, taken so that it matches one request only. */
    public Letter takeHttp(byte[] body) {
        ConcurrentLinkedQueue<Letter> letters = fromHttp.get(digest(body));
        return letters == null ? null : letters.poll();
    }

    /** Whether every dead letter below these offsets of the topic has been read. */
    public boolean reached(Map<org.apache.kafka.common.TopicPartition, Long> offsets) {
        return reader == null || reader.reached(offsets);
    }

    public long count() {
        return count.get();
    }

    public static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes == null ? new byte[0] : bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        if (reader != null) {
            reader.close();
        }
    }
}
