package dev.fling.runtime.local;

import java.util.Map;

/**
 * Settings that let the adaptive scheduler act on new resource requirements within seconds
 * instead of after its default cool-down of about half a minute (FLINK-LOCAL measurements).
 */
final class AdaptiveScheduler {

    static final Map<String, String> QUICK_RESCALING = Map.of(
            "jobmanager.adaptive-scheduler.executing.cooldown-after-rescaling", "1 s",
            "jobmanager.adaptive-scheduler.executing.resource-stabilization-timeout", "1 s",
            "jobmanager.adaptive-scheduler.submission.resource-stabilization-timeout", "1 s");

    private AdaptiveScheduler() {}
}
