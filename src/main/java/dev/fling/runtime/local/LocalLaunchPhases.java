package dev.fling.runtime.local;

import dev.fling.runtime.LaunchPhases;
import dev.fling.runtime.rest.FlinkRestModel.JobDetails;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a local attempt's time went, from what Fling noted (queued, began, JobManager answering)
 * and what Flink recorded (when it received the job, when it first ran). Flink's own timestamps
 * make the last two phases exact rather than rounded up to the poll interval.
 */
final class LocalLaunchPhases {

    private LocalLaunchPhases() {}

    static LaunchPhases of(LocalJob job, JobDetails details) {
        LocalJob.Cluster cluster = job.cluster;
        long submitted = details.submittedAtMillis();
        // An application cluster submits its job while it starts, often before Fling's first look
        // at it answers: the cluster was ready by the time it had the job, at the latest.
        long ready = cluster.readyAtMillis > 0 && (submitted <= 0 || cluster.readyAtMillis < submitted)
                ? cluster.readyAtMillis : submitted;
        Map<String, Long> endings = new LinkedHashMap<>();
        endings.put(LaunchPhases.QUEUED, cluster.beganAtMillis);
        endings.put(LaunchPhases.CLUSTER, ready);
        endings.put(LaunchPhases.SUBMITTED, submitted);
        endings.put(LaunchPhases.RUNNING, details.runningAtMillis());
        return LaunchPhases.of(cluster.start, job.queuedAtMillis, endings);
    }
}
