package dev.fling.leadership;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Several instances side by side: leader election through a Kubernetes Lease decides which one
 * reports transitions and runs the timers (operator runtime only). The tracker reads
 * {@link #enabled} too.
 */
@ConfigMapping(prefix = "fling.ha")
public interface HaConfig {

    /** Run several instances: tracking, deadlines and time-to-live on the lease holder only. */
    @WithDefault("false")
    boolean enabled();

    /** The Lease's name. */
    @WithDefault("fling-leader")
    String leaseName();

    /** The Lease's namespace: where Fling runs. */
    @WithDefault("${POD_NAMESPACE:default}")
    String namespace();

    /** This instance's name in the Lease; the pod name by default. */
    Optional<String> identity();

    /** How long a lease holds without renewal; a crashed leader is replaced after this. */
    @WithDefault("15s")
    Duration leaseDuration();

    /** How long the leader keeps trying to renew before it steps down. */
    @WithDefault("10s")
    Duration renewDeadline();

    /** How often candidates try to take the lease and the leader renews it. */
    @WithDefault("2s")
    Duration retryPeriod();
}
