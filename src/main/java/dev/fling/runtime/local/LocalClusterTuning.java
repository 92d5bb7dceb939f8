package dev.fling.runtime.local;

import java.util.Map;

/**
 * Flink settings for small clusters that start, rescale and stop on one machine, where Flink's
 * defaults, tuned for large ones, cost seconds each (docs/benchmarks.md).
 */
final class LocalClusterTuning {

    /**
     * A TaskManager that starts before its JobManager's resource manager is up retries only after
     * {@code cluster.registration.error-delay} (10 s by default); here, where both start together,
     * that is common.
     */
    static final Map<String, String> QUICK_REGISTRATION = Map.of(
            "cluster.registration.error-delay", "500 ms",
            "cluster.registration.refused-registration-delay", "500 ms");

    /**
     * The adaptive scheduler acts on new resource requirements within seconds instead of after its
     * default cool-down, so that a rescale does not look stuck.
     */
    static final Map<String, String> QUICK_RESCALING = Map.of(
            "jobmanager.adaptive-scheduler.executing.cooldown-after-rescaling", "1 s",
            "jobmanager.adaptive-scheduler.executing.resource-stabilization-timeout", "1 s",
            "jobmanager.adaptive-scheduler.submission.resource-stabilization-timeout", "1 s");

    /**
     * The JobManager's REST API answers a job's state from a cache of its execution graph that lives
     * {@code web.refresh-interval} (3 s by default): a look taken just before the job ran kept
     * showing it not running for up to 3 s, which every launch, cancel and rescale waited out on
     * top of Flink's own work (docs/benchmarks.md). Kept below Fling's poll interval, each poll
     * reads the state as it is. It also paces Flink's web UI; it changes nothing for the job.
     */
    static final Map<String, String> FRESH_READINGS = Map.of("web.refresh-interval", "200 ms");

    /**
     * The JobManager fetches its TaskManagers' metrics for REST at most this often (10 s by
     * default): the local autoscaler reads them every 2 s ({@link LocalAutoscaler}). The fetch
     * happens only when metrics are asked for.
     */
    static final Map<String, String> QUICK_METRICS = Map.of("metrics.fetcher.update-interval", "2 s");

    private LocalClusterTuning() {}
}
