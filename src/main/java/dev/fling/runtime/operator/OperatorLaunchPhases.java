package dev.fling.runtime.operator;

import dev.fling.runtime.LaunchPhases;
import dev.fling.runtime.operator.model.FlinkDeployment;
import dev.fling.runtime.operator.model.FlinkDeploymentStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a FlinkDeployment's launch went, as far as the resource tells without asking anything
 * more: from the launch accepted to the deployment created (queued), and from then to the
 * status update in which the operator reported the job RUNNING. The operator's cluster start,
 * image pull and submission are one phase here; Fling cannot see between them. Always cold:
 * there is no warm pool on Kubernetes yet. Pure.
 */
final class OperatorLaunchPhases {

    private OperatorLaunchPhases() {}

    /**
     * The phases of a deployment whose job the operator reports RUNNING, or null when they would
     * not be the first attempt's (the spec changed since: a retry or a rescale) or are unknown.
     */
    static LaunchPhases of(FlinkDeployment deployment, long generation) {
        FlinkDeploymentStatus.JobStatus job = deployment.getStatus() == null ? null : deployment.getStatus().jobStatus;
        String accepted = deployment.getMetadata().getAnnotations() == null ? null
                : deployment.getMetadata().getAnnotations().get(Annotations.ACCEPTED_AT);
        long created = epochMillis(deployment.getMetadata().getCreationTimestamp());
        long running = job == null ? 0 : number(job.updateTime);
        if (generation > 1 || created == 0 || running == 0) {
            return null;
        }
        Map<String, Long> endings = new LinkedHashMap<>();
        endings.put(LaunchPhases.QUEUED, created);
        endings.put(LaunchPhases.RUNNING, running);
        return LaunchPhases.of(LaunchPhases.Start.COLD, epochMillis(accepted), endings);
    }

    private static long epochMillis(String instant) {
        try {
            return instant == null ? 0 : Instant.parse(instant).toEpochMilli();
        } catch (DateTimeParseException e) {
            return 0;
        }
    }

    private static long number(String millis) {
        try {
            return millis == null ? 0 : Long.parseLong(millis);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
