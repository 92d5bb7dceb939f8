package dev.fling.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class JobPartitionTest {

    @Test
    void aJobsPartitionIsTheOneKafkasDefaultPartitionerPicksForItsNameAsKey() {
        for (String job : new String[] {"fling-0123456789", "wordcount-3f1c2a9b7e", "a", "survivor-cc126b9f65"}) {
            for (int partitions : new int[] {1, 2, 3, 12, 50}) {
                assertThat(JobPartition.of(job, partitions)).as("%s over %d partitions", job, partitions)
                        .isEqualTo(BuiltInPartitioner.partitionForKey(job.getBytes(StandardCharsets.UTF_8), partitions));
            }
        }
    }
}
