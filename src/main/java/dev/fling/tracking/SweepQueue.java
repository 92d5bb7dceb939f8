package dev.fling.tracking;

import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The jobs the sweep must look at, by when: a deadline, the end of a retry's backoff or of a
 * time-to-live, the end of the wait for another instance's {@code accepted} event, or a send to
 * try again. A job is queued at most once, at its earliest such time. The sweep takes only what
 * is due, so its cost follows the jobs that need it, not every job tracked (docs/benchmarks.md).
 * {@link #schedule} and {@link #claim} are called on the job's turn.
 */
final class SweepQueue {

    /** One job's turn. Identity matters: a job rescheduled meanwhile holds a newer one. */
    record Due(Instant at, long sequence, TrackedJob job) {}

    private final ConcurrentSkipListSet<Due> queue = new ConcurrentSkipListSet<>(
            Comparator.comparing(Due::at).thenComparingLong(Due::sequence));
    private final AtomicLong sequence = new AtomicLong();

    /** Queues the job for {@code at}, replacing its earlier turn; {@code null} takes it off the queue. */
    void schedule(TrackedJob job, Instant at) {
        Due previous = job.due();
        if (previous != null) {
            if (previous.at().equals(at)) {
                return;
            }
            queue.remove(previous);
        }
        Due next = at == null ? null : new Due(at, sequence.incrementAndGet(), job);
        job.due(next);
        if (next != null) {
            queue.add(next);
        }
    }

    /** Takes the earliest turn that is due at {@code now} off the queue, or returns null when none is. */
    Due poll(Instant now) {
        while (true) {
            Due first;
            try {
                first = queue.first();
            } catch (java.util.NoSuchElementException empty) {
                return null;
            }
            if (first.at().isAfter(now)) {
                return null;
            }
            if (queue.remove(first)) {
                return first;
            }
        }
    }

    /**
     * Whether {@code due} is still the job's turn (it was not rescheduled between {@link #poll}
     * and the job's turn); if so, the job is off the queue until scheduled again.
     */
    boolean claim(Due due) {
        if (due.job().due() != due) {
            return false;
        }
        due.job().due(null);
        return true;
    }

    int size() {
        return queue.size();
    }
}
