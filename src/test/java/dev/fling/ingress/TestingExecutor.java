package dev.fling.ingress;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/** The lanes' pool run by the test's own thread: what is handed to it runs when the test says, in order. */
final class TestingExecutor extends AbstractExecutorService {

    private final Queue<Runnable> queued = new ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable task) {
        queued.add(task);
    }

    /** Runs what was handed over, and what that hands over, until nothing is left. */
    void runAll() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = queued.poll();
            }
            if (next == null) {
                return;
            }
            next.run();
        }
    }

    @Override
    public void shutdown() {
    }

    @Override
    public List<Runnable> shutdownNow() {
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }
}
