package dev.fling.runtime.operator;

import dev.fling.runtime.AutoscaledVertices;
import dev.fling.runtime.JobObservation;
import dev.fling.runtime.JobRef;
import dev.fling.runtime.operator.model.FlinkDeployment;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The reason the operator's autoscaler gave for a resize: the Kubernetes event with reason
 * {@code ScalingReport} it keeps on the FlinkDeployment (KubernetesAutoScalerEventHandler), one per
 * deployment, updated in place with each report and named as the operator's EventUtils names it,
 * so one GET finds it. Read once per resize (the reconciliation that deployed it); when it cannot
 * be read, the resize is still reported, without a reason.
 */
final class ScalingReports {

    private static final Logger LOG = Logger.getLogger(ScalingReports.class);
    static final String REASON = "ScalingReport";
    /** The message key the autoscaler reports under (AutoScalerEventHandler.SCALING_REPORT_KEY). */
    static final String MESSAGE_KEY = "ScalingExecutor";
    /** The operator reports before it deploys, in the same reconciliation: an older report is another resize's. */
    static final Duration REPORTED_WITHIN = Duration.ofMinutes(5);
    static final int MAX_REASON = 4096;

    private final KubernetesClient client;
    private final Map<JobRef, AutoscaledVertices> read = new ConcurrentHashMap<>();

    ScalingReports(KubernetesClient client) {
        this.client = client;
    }

    /** The observation with the autoscaler's reason for its setting, if it has one. */
    JobObservation withReason(FlinkDeployment deployment, JobObservation seen) {
        AutoscaledVertices autoscaled = seen.autoscaled();
        if (autoscaled == null) {
            return seen;
        }
        JobRef ref = OperatorRuntime.ref(deployment);
        AutoscaledVertices known = read.get(ref);
        if (known == null || !known.occurrence().equals(autoscaled.occurrence())) {
            known = autoscaled.withReason(reason(deployment, autoscaled));
            read.put(ref, known);
        }
        return seen.withAutoscaled(autoscaled.withReason(known.reason()));
    }

    void forget(JobRef ref) {
        read.remove(ref);
    }

    private String reason(FlinkDeployment deployment, AutoscaledVertices autoscaled) {
        String namespace = deployment.getMetadata().getNamespace();
        String name = eventName(deployment.getMetadata().getName(), deployment.getMetadata().getUid());
        try {
            Event event = client.v1().events().inNamespace(namespace).withName(name).get();
            if (event == null || !REASON.equals(event.getReason()) || event.getMessage() == null) {
                return null;
            }
            if (!reportedFor(event, autoscaled)) {
                return null;
            }
            String message = event.getMessage().strip();
            return message.length() <= MAX_REASON ? message : message.substring(0, MAX_REASON - 1) + "…";
        } catch (KubernetesClientException e) {
            LOG.warnf("could not read the autoscaler's %s event %s/%s (%s); the resize is reported without a reason",
                    REASON, namespace, name, Calls.describe(e));
            return null;
        }
    }

    /** Whether the report came with the reconciliation that deployed the setting (its time, in epoch milliseconds). */
    private static boolean reportedFor(Event event, AutoscaledVertices autoscaled) {
        String at = Objects.requireNonNullElse(event.getLastTimestamp(), event.getFirstTimestamp());
        long deployedAt;
        try {
            deployedAt = Long.parseLong(autoscaled.occurrence());
        } catch (NumberFormatException e) {
            return true;
        }
        if (at == null || deployedAt <= 0) {
            return true;
        }
        try {
            Instant reported = Instant.parse(at);
            return Duration.between(reported, Instant.ofEpochMilli(deployedAt)).abs().compareTo(REPORTED_WITHIN) <= 0;
        } catch (java.time.format.DateTimeParseException e) {
            return true;
        }
    }

    /**
     * The event's name as the operator's EventUtils.generateEventName makes it for the autoscaler's
     * reports: component, then a hash of reason, message key, type, kind, name and uid.
     */
    static String eventName(String deployment, String uid) {
        return "Operator." + ((REASON + MESSAGE_KEY + "Normal" + "FlinkDeployment" + deployment + uid).hashCode()
                & 0x7FFFFFFF);
    }
}
