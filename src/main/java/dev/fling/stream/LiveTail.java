package dev.fling.stream;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * The one consumer of the events topic that every stream of this instance shares: no consumer
 * group, every partition assigned, from the end. Each record is decoded once and handed to every
 * stream. A stream joins on the tail's own thread, between two polls, and learns where the tail
 * stands on each partition: every record from there on reaches it, everything before is its
 * history's to read.
 */
final class LiveTail implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LiveTail.class);
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final Supplier<KafkaConsumer<byte[], byte[]>> consumers;
    private final String topic;
    private final EventCodec codec = new EventCodec();
    private final List<Consumer<StreamEvent>> streams = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Joining> joining = new ConcurrentLinkedQueue<>();
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean running = true;
    private Thread thread;

    private record Joining(Consumer<StreamEvent> stream, CompletableFuture<Map<Integer, Long>> positions) {}

    LiveTail(Supplier<KafkaConsumer<byte[], byte[]>> consumers, String topic) {
        this.consumers = consumers;
        this.topic = topic;
    }

    /**
     * Adds a stream; the stage completes with the tail's position on each partition at the moment
     * it joined (the first offset it will be handed), or fails when the broker cannot say.
     */
    CompletableFuture<Map<Integer, Long>> join(Consumer<StreamEvent> stream) {
        Joining join = new Joining(stream, new CompletableFuture<>());
        joining.add(join);
        synchronized (this) {
            if (thread == null) {
                thread = new Thread(this::run, "fling-event-streams-tail");
                thread.setDaemon(true);
                thread.start();
            }
        }
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup(); // the join is handled now, not after the poll's second
        }
        return join.positions();
    }

    void leave(Consumer<StreamEvent> stream) {
        streams.remove(stream);
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<byte[], byte[]> tail = consumers.get()) {
                consumer = tail;
                assign(tail);
                follow(tail);
            } catch (WakeupException e) {
                // closing
            } catch (RuntimeException e) {
                LOG.warnf("the event streams' tail of %s stopped (%s); starting again", topic, e.toString());
                failJoins(e);
                pause();
            } finally {
                consumer = null;
            }
        }
    }

    private void assign(KafkaConsumer<byte[], byte[]> tail) {
        List<PartitionInfo> partitions = tail.partitionsFor(topic, CALL_TIMEOUT);
        if (partitions == null || partitions.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " has no partitions yet");
        }
        List<TopicPartition> assigned = partitions.stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        tail.assign(assigned);
        tail.seekToEnd(assigned);
    }

    private void follow(KafkaConsumer<byte[], byte[]> tail) {
        while (running) {
            admit(tail);
            ConsumerRecords<byte[], byte[]> records;
            try {
                records = tail.poll(POLL);
            } catch (WakeupException e) {
                continue; // a stream is joining (or the tail is closing: running says)
            }
            for (ConsumerRecord<byte[], byte[]> record : records) {
                StreamEvent event = codec.decode(record);
                if (event != null) {
                    for (Consumer<StreamEvent> stream : streams) {
                        stream.accept(event);
                    }
                }
            }
        }
    }

    // On the tail's thread, between polls: what poll returns next is exactly what follows these positions.
    private void admit(KafkaConsumer<byte[], byte[]> tail) {
        Joining join;
        while ((join = joining.peek()) != null) {
            Map<Integer, Long> positions = new HashMap<>();
            try {
                for (TopicPartition partition : tail.assignment()) {
                    positions.put(partition.partition(), tail.position(partition, CALL_TIMEOUT));
                }
            } catch (WakeupException e) {
                continue; // another stream joining woke the consumer: ask again
            } catch (RuntimeException e) {
                joining.poll();
                join.positions().completeExceptionally(e);
                throw e;
            }
            joining.poll();
            streams.add(join.stream());
            join.positions().complete(positions);
        }
    }

    private void failJoins(RuntimeException cause) {
        Joining join;
        while ((join = joining.poll()) != null) {
            join.positions().completeExceptionally(cause);
        }
    }

    private void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        Thread started;
        synchronized (this) {
            started = thread;
        }
        if (started != null) {
            started.join(5000);
        }
    }
}
