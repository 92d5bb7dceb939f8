package dev.fling.ingress;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How requests from Kafka are worked on. They are dispatched in lanes: those about one job in one
 * lane, in the order they arrived, lanes side by side. Offsets are committed only up to the oldest
 * request not yet done.
 */
@ConfigMapping(prefix = "fling.dispatch")
public interface DispatchConfig {

    /**
     * Lanes working at once (the local runtime, which starts clusters in arrival order, uses one).
     * A lane spends most of a launch waiting for the API server and then the broker, so more lanes
     * overlap more waits (docs/benchmarks.md).
     */
    @WithDefault("32")
    int lanes();

    /** Requests taken from Kafka and not yet done, at most; then the consumer waits. */
    @WithDefault("256")
    int maxInFlight();
}
