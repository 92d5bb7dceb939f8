package dev.fling.ingress;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * One lane of {@link DispatchLanes}: its tasks run one after the other, in the order queued, and
 * each holds the lane until the stage it returns completes, not merely until its thread returns.
 * So a request waiting out a backoff keeps its lane (nothing about its job overtakes it) while no
 * thread waits with it: the lanes share one pool.
 */
public final class DispatchLane {

    private static final Logger LOG = Logger.getLogger(DispatchLane.class);
    private static final CompletionStage<Void> FREE = CompletableFuture.completedFuture(null);

    private final Executor threads;
    private final Queue<Supplier<? extends CompletionStage<?>>> waiting = new ArrayDeque<>();
    private boolean held;

    DispatchLane(Executor threads) {
        this.threads = threads;
    }

    /**
     * Runs {@code task} once every task queued before it has freed the lane; the lane is then held
     * until the stage {@code task} returns completes, however that ends.
     */
    public void enqueue(Supplier<? extends CompletionStage<?>> task) {
        boolean start;
        synchronized (this) {
            waiting.add(task);
            start = !held;
            held = true;
        }
        if (start) {
            threads.execute(this::drain);
        }
    }

    /**
     * Runs more of the task that holds the lane on the lanes' threads, for instance a retry once its
     * backoff is over: the thread that ended the wait (a timer's, the producer's) must not do the work.
     */
    public void resume(Runnable continuation) {
        threads.execute(continuation);
    }

    /** Runs what waits while each task frees the lane at once; otherwise gives the thread back until it does. */
    private void drain() {
        while (true) {
            Supplier<? extends CompletionStage<?>> next;
            synchronized (this) {
                next = waiting.poll();
                if (next == null) {
                    held = false;
                    return;
                }
            }
            CompletableFuture<?> free = run(next).toCompletableFuture();
            if (!free.isDone()) {
                free.whenComplete((ignored, failure) -> threads.execute(this::drain));
                return;
            }
        }
    }

    private static CompletionStage<?> run(Supplier<? extends CompletionStage<?>> task) {
        try {
            CompletionStage<?> free = task.get();
            return free != null ? free : FREE;
        } catch (RuntimeException | Error e) {
            // As a thread of its own would have: the failure is reported and the lane goes on.
            LOG.errorf(e, "a dispatch task failed");
            return FREE;
        }
    }
}
