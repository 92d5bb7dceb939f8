package dev.fling.ingress;

import dev.fling.runtime.FlinkRuntime;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Works on requests side by side without reordering those about one job: each key (a job's
 * request key) always lands in the same {@link DispatchLane}. A request's work waits on the
 * Kubernetes API and the broker, so lanes overlap those waits; they share one pool with a thread
 * for each, and a lane waiting out a retry's backoff holds no thread. A request is in flight until
 * its work is done, which may be after its lane has moved on (its events may still be on their way
 * to the broker); {@link #submit} answers when there is room for one more, which is how the
 * consumer is held back.
 */
@ApplicationScoped
public class DispatchLanes {

    private final DispatchLane[] lanes;
    private final ExecutorService threads;
    private final int maxInFlight;
    private int inFlight;
    private CompletableFuture<Void> room;

    @Inject
    public DispatchLanes(DispatchConfig config, FlinkRuntime runtime) {
        this(laneCount(config, runtime), config.maxInFlight());
    }

    private DispatchLanes(int lanes, int maxInFlight) {
        this(lanes, maxInFlight, threads(lanes));
    }

    DispatchLanes(int lanes, int maxInFlight, ExecutorService threads) {
        this.threads = threads;
        this.maxInFlight = Math.max(1, maxInFlight);
        this.lanes = new DispatchLane[lanes];
        for (int i = 0; i < lanes; i++) {
            this.lanes[i] = new DispatchLane(threads);
        }
    }

    /** One lane when the runtime starts clusters in arrival order across all jobs (the local runtime). */
    private static int laneCount(DispatchConfig config, FlinkRuntime runtime) {
        return runtime.concurrentDispatch() ? Math.max(1, config.lanes()) : 1;
    }

    /** One thread for each lane: a lane that holds no thread (its task waits) leaves it to the others. */
    private static ExecutorService threads(int lanes) {
        AtomicInteger next = new AtomicInteger();
        return Executors.newFixedThreadPool(lanes, r -> {
            Thread thread = new Thread(r, "fling-dispatch-" + next.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Runs {@code work} in the lane of {@code key} once that lane is free, handing it the lane for
     * whatever it must do there later; the lane is held until the work's {@link Progress#laneFree}
     * completes and the request is in flight until its {@link Progress#done} does. Completes once
     * another request may be taken.
     */
    public CompletionStage<Void> submit(String key, Function<DispatchLane, Progress> work) {
        CompletableFuture<Void> wait;
        synchronized (this) {
            inFlight++;
            if (inFlight < maxInFlight) {
                wait = CompletableFuture.completedFuture(null);
            } else {
                room = new CompletableFuture<>();
                wait = room;
            }
        }
        DispatchLane lane = lanes[Math.floorMod(key.hashCode(), lanes.length)];
        lane.enqueue(() -> {
            Progress progress;
            try {
                progress = work.apply(lane);
            } catch (RuntimeException | Error e) {
                done();
                throw e;
            }
            progress.done().whenComplete((ignored, failure) -> done());
            return progress.laneFree();
        });
        return wait;
    }

    private void done() {
        CompletableFuture<Void> waiting;
        synchronized (this) {
            inFlight--;
            waiting = room;
            room = null;
        }
        if (waiting != null) {
            waiting.complete(null);
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(5, TimeUnit.SECONDS);
    }

    /**
     * Where a request's work stands: {@code laneFree} completes when later requests of its lane may
     * start, {@code done} when the request no longer counts as in flight (acknowledged, or left on
     * the topic).
     */
    public record Progress(CompletionStage<?> laneFree, CompletionStage<?> done) {
    }
}
