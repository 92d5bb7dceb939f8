package dev.fling.ingress;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

/** A retry scheduler whose time the test moves: a retry runs only when the test fires it, so no test waits on a clock. */
final class TestingRetryScheduler implements RetryScheduler {

    private final Queue<Runnable> due = new ArrayDeque<>();
    private final List<Duration> asked = new ArrayList<>();

    @Override
    public synchronized void after(Duration delay, Runnable task) {
        asked.add(delay);
        due.add(task);
    }

    /** Ends the oldest backoff still running: its retry is handed on, as the real scheduler's thread would. */
    void fireNext() {
        Runnable next;
        synchronized (this) {
            next = due.remove();
        }
        next.run();
    }

    synchronized int waiting() {
        return due.size();
    }

    /** Every backoff asked for so far, in order. */
    synchronized List<Duration> backoffs() {
        return List.copyOf(asked);
    }
}
