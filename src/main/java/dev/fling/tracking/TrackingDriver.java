package dev.fling.tracking;

import dev.fling.runtime.FlinkRuntime;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Starts following the runtime's jobs at start-up and drives the tracker's timers. */
@ApplicationScoped
public class TrackingDriver {

    private final FlinkRuntime runtime;
    private final JobTracker tracker;

    public TrackingDriver(FlinkRuntime runtime, JobTracker tracker) {
        this.runtime = runtime;
        this.tracker = tracker;
    }

    void onStart(@Observes StartupEvent start) {
        runtime.watch(tracker);
    }

    @Scheduled(every = "${fling.tracking.sweep-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        tracker.sweep();
    }
}
