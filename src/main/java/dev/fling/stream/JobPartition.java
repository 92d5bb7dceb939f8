package dev.fling.stream;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * The partition of the events topic that holds a job's events. Fling's producer keys each event
 * by the job's name (a String, UTF-8) and leaves the partition to Kafka's default partitioner,
 * which for a keyed record is murmur2 of the key's bytes, made positive, modulo the partitions.
 * That is computed again here, so a job's history is read from its one partition. It holds while
 * the topic keeps its number of partitions (adding partitions moves keys, for every consumer).
 */
final class JobPartition {

    private JobPartition() {}

    static int of(String job, int partitions) {
        return Utils.toPositive(Utils.murmur2(job.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
