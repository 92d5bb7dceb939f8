package dev.fling.stream;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Consumers of the events topic for the streams: the broker settings Fling's own channels use
 * (bootstrap servers, security), no group and no commits: a stream's place is its Last-Event-ID,
 * kept by the client.
 */
final class StreamKafka implements Supplier<KafkaConsumer<byte[], byte[]>> {

    private final Map<String, Object> config;
    private final String clientId;
    /** Each consumer its own client id: Kafka registers its metrics by it. */
    private final java.util.concurrent.atomic.AtomicLong made = new java.util.concurrent.atomic.AtomicLong();

    StreamKafka(Map<String, Object> brokerConfig, String clientId) {
        Map<String, Object> config = new HashMap<>(brokerConfig);
        config.keySet().retainAll(ConsumerConfig.configNames());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.config = Map.copyOf(config);
        this.clientId = clientId;
    }

    @Override
    public KafkaConsumer<byte[], byte[]> get() {
        Map<String, Object> own = new HashMap<>(config);
        own.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-" + made.incrementAndGet());
        return new KafkaConsumer<>(own);
    }
}
