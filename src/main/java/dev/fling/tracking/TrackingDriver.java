package dev.fling.tracking;

import dev.fling.runtime.FlinkRuntime;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Starts following the runtime's jobs at start-up and drives the tracker's timers. */
@ApplicationScoped
public class TrackingDriver {

    private final FlinkRuntime runtime;
    private final JobTracker tracker;
    private final TrackingConfig config;
    private final Scheduler scheduler;

    public TrackingDriver(FlinkRuntime runtime, JobTracker tracker, TrackingConfig config, Scheduler scheduler) {
        this.runtime = runtime;
        this.tracker = tracker;
        this.config = config;
        this.scheduler = scheduler;
    }

    void onStart(@Observes StartupEvent start) {
        runtime.watch(tracker);
        // Scheduled here rather than by @Scheduled, whose interval expression would need its own default.
        scheduler.newJob("fling-tracking-sweep")
                .setInterval(config.sweepInterval().toString())
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setTask(execution -> tracker.sweep())
                .schedule();
    }
}
