package dev.fling.runtime.local;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * One launch's clock readings from event to {@code started} consumed, all on the same machine: the
 * benchmark's send, the {@code accepted} record Fling wrote, the JobManager's RUNNING timestamp, the
 * {@code started} record Fling wrote, and the benchmark's consumer finding it. Their differences say
 * which side of the runtime a launch's time is on, which the {@code started} phases alone cannot.
 */
record LaunchTimeline(long sentAt, long acceptedAt, long flinkRunningAt, long startedAt, long consumedAt) {

    /** Kafka to Fling, admission, dispatch and the {@code accepted} event written. */
    long intake() {
        return acceptedAt - sentAt;
    }

    /** From {@code accepted} written to the JobManager's RUNNING: what the {@code started} phases break down. */
    long runtime() {
        return flinkRunningAt - acceptedAt;
    }

    /** From Flink's RUNNING to {@code started} written: the follower's look, the tracker's turn, the producer. */
    long noticed() {
        return startedAt - flinkRunningAt;
    }

    /** From {@code started} written to the benchmark's consumer having it. */
    long delivery() {
        return consumedAt - startedAt;
    }

    @Override
    public String toString() {
        return String.format("intake %d ms, runtime %d ms, RUNNING -> started written %d ms, delivery %d ms",
                intake(), runtime(), noticed(), delivery());
    }

    /** A table row: the median of each part, in milliseconds, over {@code rounds}. */
    static String row(String kind, List<LaunchTimeline> rounds) {
        return String.format("| %s | %d ms | %d ms | %d ms | %d ms |", kind, median(rounds, LaunchTimeline::intake),
                median(rounds, LaunchTimeline::runtime), median(rounds, LaunchTimeline::noticed),
                median(rounds, LaunchTimeline::delivery));
    }

    static long median(List<LaunchTimeline> rounds, ToLongFunction<LaunchTimeline> part) {
        List<Long> values = new ArrayList<>();
        rounds.forEach(round -> values.add(part.applyAsLong(round)));
        Collections.sort(values);
        int n = values.size();
        return n == 0 ? 0 : n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }
}
