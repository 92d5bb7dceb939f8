package dev.fling.egress;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The HTTP sink lifecycle events also go to (Knative SinkBinding), besides Kafka, and how they are POSTed. */
@ConfigMapping(prefix = "fling.sink")
public interface SinkConfig {

    /** The sink's URL; a SinkBinding injects it as K_SINK. None: no HTTP copy. */
    @WithDefault("${K_SINK:}")
    Optional<String> url();

    /** Attributes to set on every event sent there, as a SinkBinding injects them (K_CE_OVERRIDES). */
    @WithDefault("${K_CE_OVERRIDES:}")
    Optional<String> ceOverrides();

    /** Events waiting for the sink at most; more are dropped (they are on Kafka). */
    @WithDefault("10000")
    int queueSize();

    /** Deliveries of one event at most. */
    @WithDefault("5")
    int maxAttempts();

    /** Wait before the second delivery; doubled each time. */
    @WithDefault("200ms")
    Duration initialBackoff();
}
