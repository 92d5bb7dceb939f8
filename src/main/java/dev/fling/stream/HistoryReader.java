package dev.fling.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads what the events topic already holds, for one stream, with a consumer of its own that
 * lives as long as the read: a job's events from its partition since its acceptance, or, for a
 * resumed {@code GET /events}, everything after the event resumed from. It reads up to given
 * offsets (where the stream's live part begins) and no further.
 */
final class HistoryReader {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final Supplier<KafkaConsumer<byte[], byte[]>> consumers;
    private final String topic;
    private final EventCodec codec = new EventCodec();

    HistoryReader(Supplier<KafkaConsumer<byte[], byte[]>> consumers, String topic) {
        this.consumers = consumers;
        this.topic = topic;
    }

    /** Where a partition's read starts: an offset, or the first record at or after a time. */
    record Start(Long offset, Instant time) {
        static Start at(long offset) {
            return new Start(offset, null);
        }

        static Start from(Instant time) {
            return new Start(null, time);
        }
    }

    /** The end offsets of every partition now: the history reads up to these. */
    Map<Integer, Long> ends(Map<Integer, Long> tailPositions) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumers.get()) {
            Map<Integer, Long> ends = new HashMap<>();
            consumer.endOffsets(partitions(tailPositions.keySet()), CALL_TIMEOUT)
                    .forEach((partition, end) -> ends.put(partition.partition(), end));
            // The tail may be ahead of the end read here (written meanwhile): the later of the two.
            tailPositions.forEach((partition, position) -> ends.merge(partition, position, Math::max));
            return ends;
        }
    }

    /** A job's events (records keyed by its name) on its partition, from a time up to {@code end}. */
    List<StreamEvent> job(String job, int partition, Instant from, long end) {
        List<StreamEvent> events = new ArrayList<>();
        read(Map.of(partition, Start.from(from)), Map.of(partition, end), batch -> {
            for (StreamEvent event : batch) {
                if (job.equals(event.job())) {
                    events.add(event);
                }
            }
            return true;
        });
        return events;
    }

    /** The first record with that id since a time, on any partition, below the ends. */
    Optional<StreamEvent> find(String id, Instant from, Map<Integer, Long> ends) {
        Map<Integer, Start> starts = new HashMap<>();
        ends.keySet().forEach(partition -> starts.put(partition, Start.from(from)));
        StreamEvent[] found = new StreamEvent[1];
        read(starts, ends, batch -> {
            for (StreamEvent event : batch) {
                if (found[0] == null && id.equals(event.id())) {
                    found[0] = event; // its first occurrence: ids live on one partition, the key's
                }
            }
            return true;
        });
        return Optional.ofNullable(found[0]);
    }

    /**
     * Reads each partition from its start up to its end (exclusive), handing over one poll's
     * events at a time in offset order per partition; stops early when {@code batches} says false.
     */
    void read(Map<Integer, Start> starts, Map<Integer, Long> ends, Predicate<List<StreamEvent>> batches) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumers.get()) {
            List<TopicPartition> assigned = partitions(starts.keySet());
            consumer.assign(assigned);
            Map<TopicPartition, Long> byTime = new HashMap<>();
            for (TopicPartition partition : assigned) {
                Start start = starts.get(partition.partition());
                if (start.offset() != null) {
                    consumer.seek(partition, start.offset());
                } else {
                    byTime.put(partition, start.time().toEpochMilli());
                }
            }
            if (!byTime.isEmpty()) {
                Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(byTime, CALL_TIMEOUT);
                for (TopicPartition partition : byTime.keySet()) {
                    OffsetAndTimestamp offset = found.get(partition);
                    // Nothing written since that time: the read starts where it ends.
                    consumer.seek(partition, offset == null ? ends.get(partition.partition()) : offset.offset());
                }
            }
            List<TopicPartition> open = new ArrayList<>(assigned);
            long progress = System.nanoTime();
            while (true) {
                open.removeIf(partition -> consumer.position(partition, CALL_TIMEOUT) >= ends.get(partition.partition()));
                if (open.isEmpty()) {
                    return;
                }
                if (System.nanoTime() - progress > CALL_TIMEOUT.toNanos()) {
                    throw new org.apache.kafka.common.errors.TimeoutException("the broker handed over no record of "
                            + topic + " for " + CALL_TIMEOUT.toSeconds() + " s below the offsets it reported");
                }
                consumer.pause(assigned.stream().filter(p -> !open.contains(p)).toList());
                List<StreamEvent> batch = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    progress = System.nanoTime();
                    if (record.offset() < ends.get(record.partition())) {
                        StreamEvent event = codec.decode(record);
                        if (event != null) {
                            batch.add(event);
                        }
                    }
                }
                if (!batch.isEmpty() && !batches.test(batch)) {
                    return;
                }
            }
        }
    }

    private List<TopicPartition> partitions(java.util.Collection<Integer> numbers) {
        return numbers.stream().sorted().map(n -> new TopicPartition(topic, n)).toList();
    }
}
