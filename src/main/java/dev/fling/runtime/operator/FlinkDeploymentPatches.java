package dev.fling.runtime.operator;

import static dev.fling.runtime.operator.Annotations.*;

import dev.fling.runtime.operator.model.JobSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the JSON merge patches (RFC 7386) Fling sends to a FlinkDeployment after creating it:
 * pure, no API calls, beside {@link FlinkDeployments#desired}. Each patch names only the spec
 * fields the operator acts on and the annotations that let a restarted Fling know why; it carries
 * no resourceVersion (a concurrent status write by the operator never makes it fail) and no status.
 * Annotation values are JSON text, already written by the caller.
 */
final class FlinkDeploymentPatches {

    private FlinkDeploymentPatches() {}

    /** The operator redeploys the job with the new {@code spec.job.parallelism}, as its upgrade mode says. */
    static Map<String, Object> rescale(int parallelism, String rescaleRequest, String trackingState) {
        return patch(withTracking(Map.of(RESCALE_REQUEST, rescaleRequest), trackingState),
                Map.of("job", Map.of("parallelism", parallelism)));
    }

    /**
     * The operator suspends the job ({@code spec.job.state: suspended}), taking a savepoint first when
     * {@code upgradeMode} is savepoint; no annotation when Fling stops the job on its own (a deadline).
     */
    static Map<String, Object> suspend(boolean withSavepoint, String cancelRequest) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("state", JobSpec.SUSPENDED);
        job.put("upgradeMode", withSavepoint ? JobSpec.SAVEPOINT : JobSpec.STATELESS);
        return patch(cancelRequest == null ? Map.of() : Map.of(CANCEL_REQUEST, cancelRequest), Map.of("job", job));
    }

    /** The operator takes a savepoint when {@code spec.job.savepointTriggerNonce} changes; the nonce is the trigger. */
    static Map<String, Object> triggerSavepoint(String trigger, String savepointRequest) {
        return patch(Map.of(SAVEPOINT_REQUEST, savepointRequest),
                Map.of("job", Map.of("savepointTriggerNonce", SavepointTriggers.toNonce(trigger))));
    }

    /** The operator redeploys the job when {@code spec.restartNonce} changes: a retry, the attempt as nonce. */
    static Map<String, Object> restart(int attempt, String trackingState) {
        return patch(withTracking(Map.of(), trackingState), Map.of("restartNonce", attempt));
    }

    /** Lets a job that waited in the queue start: the operator deploys it for the first time. */
    static Map<String, Object> admit(String admittedTicket) {
        return patch(Map.of(QUEUE, admittedTicket), Map.of("job", Map.of("state", JobSpec.RUNNING)));
    }

    /** A job that waited and never ran is withdrawn: its spec stays suspended, so the operator never deploys it. */
    static Map<String, Object> withdraw(String withdrawnTicket, String cancelRequest) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(QUEUE, withdrawnTicket);
        if (cancelRequest != null) {
            annotations.put(CANCEL_REQUEST, cancelRequest);
        }
        return patch(annotations, Map.of());
    }

    /** Only the tracking annotation: the operator sees no change of spec, so it does nothing. */
    static Map<String, Object> tracking(String trackingState) {
        return patch(Map.of(TRACKING, trackingState), Map.of());
    }

    /** The annotations with the tracking state among them, when there is one to record in the same write. */
    private static Map<String, String> withTracking(Map<String, String> annotations, String trackingState) {
        if (trackingState == null) {
            return annotations;
        }
        Map<String, String> with = new LinkedHashMap<>(annotations);
        with.put(TRACKING, trackingState);
        return with;
    }

    private static Map<String, Object> patch(Map<String, String> annotations, Map<String, Object> spec) {
        Map<String, Object> patch = new LinkedHashMap<>();
        if (!annotations.isEmpty()) {
            patch.put("metadata", Map.of("annotations", annotations));
        }
        if (!spec.isEmpty()) {
            patch.put("spec", spec);
        }
        return patch;
    }
}
