package dev.fling.examples;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;

/**
 * Limits a data generator to the rate its {@link RateSchedule} gives for the time since the job's
 * {@code main} ran (wall clock, so that a rescale, which restarts the readers, keeps the schedule),
 * shared evenly among the parallel readers, as {@link RateLimiterStrategy#perSecond} shares its rate.
 */
final class ScheduledRateLimiterStrategy<S extends SourceSplit> implements RateLimiterStrategy<S> {

    private static final long serialVersionUID = 1L;

    private final RateSchedule schedule;
    private final long startMillis;

    ScheduledRateLimiterStrategy(RateSchedule schedule, long startMillis) {
        this.schedule = schedule;
        this.startMillis = startMillis;
    }

    @Override
    public RateLimiter<S> createRateLimiter(int parallelism) {
        return new Limiter<>(schedule, startMillis, parallelism);
    }

    /** Hands out permits no faster than the reader's share of the current rate. */
    private static final class Limiter<S extends SourceSplit> implements RateLimiter<S> {
        private final RateSchedule schedule;
        private final long startMillis;
        private final int parallelism;
        private long nextFreeNanos = System.nanoTime();

        Limiter(RateSchedule schedule, long startMillis, int parallelism) {
            this.schedule = schedule;
            this.startMillis = startMillis;
            this.parallelism = parallelism;
        }

        @Override
        public CompletionStage<Void> acquire(int permits) {
            double rate = schedule.rateAt(System.currentTimeMillis() - startMillis) / parallelism;
            long now = System.nanoTime();
            long start = Math.max(now, nextFreeNanos);
            nextFreeNanos = start + (long) (permits * 1_000_000_000L / rate);
            long wait = start - now;
            if (wait <= 0) {
                return CompletableFuture.completedFuture(null);
            }
            return CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(wait, TimeUnit.NANOSECONDS));
        }
    }
}
