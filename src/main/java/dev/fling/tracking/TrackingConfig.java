package dev.fling.tracking;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How jobs are followed after launch: the timers that drive deadlines, retries and clean-up.
 * Read by {@link TrackingDriver}, which schedules the sweep.
 */
@ConfigMapping(prefix = "fling.tracking")
public interface TrackingConfig {

    /** How often deadlines, retries and time-to-live are checked. */
    @WithDefault("1s")
    Duration sweepInterval();

    /**
     * A job still deploying this long (its cluster or its job not started) gets one
     * {@code dev.fling.job.pending} per attempt saying so, so that its caller knows why nothing happens.
     */
    @WithDefault("120s")
    Duration stuckAfter();
}
