package dev.fling.ingress;

import dev.fling.config.FlingConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Works on requests side by side without reordering those about one job: each key (a job's
 * request key) always lands in the same single-threaded lane. A request's work waits on the
 * Kubernetes API and the broker, so lanes overlap those waits. {@link #submit} answers when there
 * is room for one more request, which is how the consumer is held back.
 */
@ApplicationScoped
public class DispatchLanes {

    private final ExecutorService[] lanes;
    private final int maxInFlight;
    private int inFlight;
    private CompletableFuture<Void> room;

    public DispatchLanes(FlingConfig config) {
        int count = config.runtime() == FlingConfig.RuntimeKind.local ? 1 : Math.max(1, config.dispatch().lanes());
        this.maxInFlight = Math.max(1, config.dispatch().maxInFlight());
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

    /** Runs {@code work} in the lane of {@code key}; completes once another request may be taken. */
    public CompletionStage<Void> submit(String key, Runnable work) {
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
        lanes[Math.floorMod(key.hashCode(), lanes.length)].execute(() -> {
            try {
                work.run();
            } finally {
                done();
            }
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
