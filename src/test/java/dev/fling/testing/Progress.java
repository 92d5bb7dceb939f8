package dev.fling.testing;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Whether a count still grows, for a wait whose length depends on the size of the work (thousands
 * of dead letters): it fails fast once the count has stood still for a while, not after a fixed time.
 */
public final class Progress {

    private final LongSupplier count;
    private long last = -1;
    private long changedAt = System.nanoTime();

    public Progress(LongSupplier count) {
        this.count = count;
    }

    /** Whether the count has not changed for {@code quiet} (asked again and again, as a fail-fast condition). */
    public synchronized boolean stalledFor(Duration quiet) {
        long now = count.getAsLong();
        if (now != last) {
            last = now;
            changedAt = System.nanoTime();
        }
        return System.nanoTime() - changedAt > quiet.toNanos();
    }
}
