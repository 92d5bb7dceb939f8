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
}
