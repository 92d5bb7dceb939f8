package dev.fling.tracking;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * One job's turn: what is submitted runs one at a time, in submission order, on a shared pool.
 * Everything that changes a job (a command, an observation, the sweep) runs on its turn, so a
 * job's events stay in order without a lock held across a runtime call or a wait for the broker.
 */
final class JobTurn {

    private final Executor pool;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private boolean running;

    JobTurn(Executor pool) {
        this.pool = pool;
    }

    /**
     * Runs {@code work} on the job's turn; the future completes with its result, or with a
     * {@link CompletionException} whose cause is what the work threw.
     */
    <T> CompletableFuture<T> submit(Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable task = () -> {
            try {
                result.complete(work.get());
            } catch (RuntimeException | Error e) {
                // Wrapped once, always: a CompletionException thrown by the work stays itself when unwrapped.
                result.completeExceptionally(new CompletionException(e));
            }
        };
        boolean start;
        synchronized (this) {
            waiting.add(task);
            start = !running;
            running = true;
        }
        if (start) {
            pool.execute(this::drain);
        }
        return result;
    }

    /**
     * Runs {@code work} on the job's turn without waiting; what it throws is logged with
     * {@code failure}, formatted with {@code subject} and the cause.
     */
    void submitLogged(Runnable work, Logger log, String failure, Object subject) {
        submit(() -> {
            work.run();
            return null;
        }).exceptionally(error -> {
            log.warnf(failure, subject, error instanceof CompletionException ? error.getCause() : error);
            return null;
        });
    }

    /** Runs what waits, one after the other; gives the pool thread back when nothing is left. */
    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = waiting.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            next.run();
        }
    }

    /**
     * The threads jobs take their turns on. Bounded: a turn may wait for the broker or a runtime
     * call, and each waiting turn holds one; more jobs wait in the pool's queue.
     */
    static ExecutorService pool(int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread thread = new Thread(r, "fling-job-turn-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** The result of work done on a job's turn, or what it threw, unwrapped. */
    static <T> T await(CompletableFuture<T> onTurn) {
        try {
            return onTurn.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException thrown) {
                throw thrown;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
