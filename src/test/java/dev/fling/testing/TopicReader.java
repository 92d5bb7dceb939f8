package dev.fling.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;

/** Reads every partition of a topic from the beginning on its own thread, handing each record on. */
public final class TopicReader<K, V> implements AutoCloseable {

    private final Thread thread;
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    public TopicReader(KafkaConsumer<K, V> consumer, String topic, Consumer<ConsumerRecord<K, V>> onRecord) {
        thread = new Thread(() -> {
            try (consumer) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                while (running) {
                    consumer.poll(Duration.ofMillis(100)).forEach(onRecord);
                    for (TopicPartition partition : partitions) {
                        try {
                            // Known locally once a poll has fetched: no wait, even while the broker is away.
                            positions.put(partition, consumer.position(partition, Duration.ZERO));
                        } catch (org.apache.kafka.common.errors.TimeoutException notYet) {
                            // not known without asking the broker: the next poll will know
                        }
                    }
                }
            }
        }, "reader-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether every record below these offsets (a topic's ends, say) has been handed on. */
    public boolean reached(Map<TopicPartition, Long> offsets) {
        return offsets.entrySet().stream().allMatch(end -> positions.getOrDefault(end.getKey(), 0L) >= end.getValue());
    }

    /** Waits until {@code find} finds something, and returns it. */
    static <T> T await(String description, Duration limit, Supplier<Optional<T>> find) {
        AtomicReference<T> found = new AtomicReference<>();
        Awaitility.await(description).atMost(limit).pollInterval(Duration.ofMillis(50)).until(() -> {
            find.get().ifPresent(found::set);
            return found.get() != null;
        });
        return found.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
