package dev.fling.bench;

import java.util.concurrent.locks.LockSupport;

/** Spaces actions evenly at a fixed rate from the moment it is made (0 a second: no waiting at all). */
final class Pacer {

    private final long period;
    private final long start = System.nanoTime();

    Pacer(int perSecond) {
        this.period = perSecond > 0 ? 1_000_000_000L / perSecond : 0;
    }

    /** Waits until the i-th action (from 0) is due. */
    void awaitTurn(int i) {
        long due = start + i * period;
        for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
            LockSupport.parkNanos(due - now);
        }
    }
}
