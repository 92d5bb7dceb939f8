package dev.fling.stream;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Where a resumed {@code GET /events} reads from: on the partition of the event resumed after,
 * right after it; on the others, from its time less the clock margin. Order holds only per
 * partition (per job), so the other partitions start early enough to miss nothing the client had
 * not seen, and the client drops repeats by id.
 */
final class ResumePoint {

    private ResumePoint() {}

    static Map<Integer, HistoryReader.Start> starts(StreamEvent after, Collection<Integer> partitions,
            Duration clockMargin) {
        Map<Integer, HistoryReader.Start> starts = new HashMap<>();
        for (int partition : partitions) {
            starts.put(partition, partition == after.partition()
                    ? HistoryReader.Start.at(after.offset() + 1)
                    : HistoryReader.Start.from(after.timestamp().minus(clockMargin)));
        }
        return starts;
    }
}
