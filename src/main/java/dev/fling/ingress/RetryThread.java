package dev.fling.ingress;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The one thread, {@code fling-dispatch-retry}, that times every request's retry: a request waiting
 * out its backoff holds its lane but no thread, and the retry itself runs back on the lanes' threads.
 */
@ApplicationScoped
public class RetryThread implements RetryScheduler {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "fling-dispatch-retry");
        thread.setDaemon(true);
        return thread;
    });

    @Override
    public void after(Duration delay, Runnable task) {
        timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Retries not yet due are dropped: their records stay unacknowledged, to be delivered again. */
    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
