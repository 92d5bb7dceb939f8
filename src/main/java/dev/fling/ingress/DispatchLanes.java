package dev.fling.ingress;

import dev.fling.runtime.FlinkRuntime;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Works on requests side by side without reordering those about one job: each key (a job's
 * request key) always lands in the same single-threaded lane. A request's work waits on the
 * Kubernetes API and the broker, so lanes overlap those waits. A request is in flight until the
 * stage its work returns completes (its events may still be on their way to the broker when its
 * lane takes the next one); {@link #submit} answers when there is room for one more, which is
 * how the consumer is held back.
 */
@ApplicationScoped
public class DispatchLanes {

    private final ExecutorService[] lanes;
    private final int maxInFlight;
    private int inFlight;
    private CompletableFuture<Void> room;

    public DispatchLanes(DispatchConfig config, FlinkRuntime runtime) {
        int count = runtime.concurrentDispatch() ? Math.max(1, config.lanes()) : 1;
        this.maxInFlight = Math.max(1, config.maxInFlight());
        this.lanes = new ExecutorService[count];
        for (int i = 0; i < count; i++) {
            String name = "fling-dispatch-" + i;
            lanes[i] = Executors.newSingleThreadExecutor(r -> {
                Thread thread = new Thread(r, name);
                thread.setDaemon(true);
                return thread;
            });
        }
    }

    /**
     * Runs {@code work} in the lane of {@code key}, handing it the lane for whatever it must do there
     * later; completes once another request may be taken.
     */
    public CompletionStage<Void> submit(String key, Function<Executor, CompletionStage<?>> work) {
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
        ExecutorService lane = lanes[Math.floorMod(key.hashCode(), lanes.length)];
        lane.execute(() -> {
            CompletionStage<?> finished;
            try {
                finished = work.apply(lane);
            } catch (RuntimeException e) {
                done();
                throw e;
            }
            finished.whenComplete((ignored, failure) -> done());
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
        for (ExecutorService lane : lanes) {
            lane.shutdownNow();
        }
        for (ExecutorService lane : lanes) {
            lane.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
