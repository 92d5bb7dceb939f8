package dev.fling.runtime.operator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.runtime.AutoscaledVertices;
import dev.fling.runtime.Autoscaling;
import dev.fling.runtime.JobObservation;
import dev.fling.runtime.JobObservation.Phase;
import dev.fling.runtime.QueueTicket;
import dev.fling.runtime.operator.model.FlinkDeployment;
import dev.fling.runtime.operator.model.FlinkDeploymentStatus;
import dev.fling.runtime.operator.model.FlinkJobState;
import dev.fling.runtime.operator.model.JobSpec;
import dev.fling.runtime.operator.model.LifecycleState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a FlinkDeployment's status the way the operator means it, not the way it looks:
 * success is {@code jobStatus.state == FINISHED} while lifecycle stays STABLE; a suspension shows
 * FINISHED too; during an upgrade FINISHED means "old job stopped"; a job cancelled from outside
 * shows lifecycle SUSPENDED; {@code status.error} is JSON text. Pure; docs/design.md lists the rules.
 */
final class StatusInterpreter {

    private final ObjectMapper mapper;

    StatusInterpreter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    JobObservation interpret(FlinkDeployment deployment) {
        FlinkDeploymentStatus status = deployment.getStatus();
        long generation = Objects.requireNonNullElse(deployment.getMetadata().getGeneration(), 0L);
        ReconciledJob reconciled = status == null ? null : reconciledJob(status);
        if (reconciled == null && suspended(deployment)) {
            // Stopped before the operator first deployed it: the operator deploys nothing while the spec
            // says suspended and writes no status for it either (its reconciler returns before the first
            // deployment), so nothing more will be seen of this job. It ended here, and that is current.
            return observation(Phase.CANCELLED, null, 0, null, deployment, generation, true);
        }
        if (status == null) {
            return observation(Phase.DEPLOYING, null, 0, null, deployment, generation, false);
        }
        boolean current = status.observedGeneration != null && status.observedGeneration >= generation;
        FlinkJobState jobState = status.jobState();
        String jobId = status.jobStatus == null ? null : status.jobStatus.jobId;
        LifecycleState lifecycle = status.lifecycle();

        if (reconciled == null) {
            // Never deployed: either still to come, or refused by the operator (invalid spec).
            return lifecycle == LifecycleState.FAILED && status.error != null
                    ? observation(Phase.FAILED, jobId, 0, errorText(status.error), deployment, generation, true)
                    : observation(Phase.DEPLOYING, jobId, 0, null, deployment, generation, current);
        }
        if (lifecycle == LifecycleState.UPGRADING) {
            return observation(Phase.CHANGING, jobId, 0, null, deployment, generation, current);
        }
        if (reconciled.suspended() || jobState == FlinkJobState.CANCELED) {
            return observation(Phase.CANCELLED, jobId, 0, null, deployment, generation, current);
        }
        if (jobState == FlinkJobState.FAILED || lifecycle == LifecycleState.FAILED) {
            return observation(Phase.FAILED, jobId, 0, errorText(status.error), deployment, generation, current);
        }
        if (jobState == FlinkJobState.FINISHED) {
            return observation(Phase.FINISHED, jobId, 0, null, deployment, generation, current);
        }
        if (jobState == FlinkJobState.RUNNING
                && (lifecycle == LifecycleState.STABLE || lifecycle == LifecycleState.DEPLOYED)) {
            AutoscaledVertices autoscaled = autoscaled(deployment, reconciled, status);
            int parallelism = autoscaled == null ? reconciled.parallelism() : autoscaled.highest();
            return observation(Phase.RUNNING, jobId, parallelism, null, deployment, generation, current)
                    .withLaunch(OperatorLaunchPhases.of(deployment, generation)).withAutoscaled(autoscaled);
        }
        return observation(Phase.DEPLOYING, jobId, 0, null, deployment, generation, current);
    }

    /**
     * What the tracker sees of a job Fling's queue holds: WAITING while it waits (no cluster exists),
     * CANCELLED once withdrawn; what the operator reports otherwise.
     */
    static JobObservation held(QueueTicket ticket, JobObservation seen) {
        if (ticket == null || ticket.standing() == QueueTicket.Standing.ADMITTED) {
            return seen;
        }
        Phase phase = ticket.waiting() ? Phase.WAITING : Phase.CANCELLED;
        return new JobObservation(phase, null, 0, null, null, null, seen.rescaleMethod(), seen.revision(), true);
    }

    private JobObservation observation(Phase phase, String jobId, int parallelism, String error,
            FlinkDeployment deployment, long generation, boolean current) {
        FlinkDeploymentStatus status = deployment.getStatus();
        String stopSavepoint = phase == Phase.CANCELLED && status != null && status.jobStatus != null
                ? status.jobStatus.upgradeSavepointPath : null;
        String upgradeMode = deployment.getSpec().job == null ? null : deployment.getSpec().job.upgradeMode;
        return new JobObservation(phase, jobId, parallelism, error, manualSavepoint(status), stopSavepoint,
                JobSpec.STATELESS.equals(upgradeMode) ? "stateless-restart" : "savepoint-restart", generation, current);
    }

    /** The last savepoint taken on Fling's demand (nonce), if the operator reports one. */
    private static JobObservation.Savepoint manualSavepoint(FlinkDeploymentStatus status) {
        if (status == null || status.jobStatus == null || status.jobStatus.savepointInfo == null) {
            return null;
        }
        FlinkDeploymentStatus.Savepoint last = status.jobStatus.savepointInfo.lastSavepoint;
        if (last == null || last.triggerNonce == null || last.location == null) {
            return null;
        }
        return new JobObservation.Savepoint(SavepointTriggers.toTrigger(last.triggerNonce), last.location);
    }

    /** Whether the spec asks for the job to be suspended (Fling stopped it, or it waits in Fling's queue). */
    private static boolean suspended(FlinkDeployment deployment) {
        return deployment.getSpec() != null && deployment.getSpec().job != null
                && JobSpec.SUSPENDED.equals(deployment.getSpec().job.state);
    }

    /**
     * What Fling reads of the spec the operator last deployed: {@code spec.job}'s state and
     * parallelism, and the per-vertex parallelism the autoscaler wrote into its Flink configuration
     * ({@code pipeline.jobvertex-parallelism-overrides}, as the operator's KubernetesScalingRealizer
     * does; null when there is none).
     */
    private record ReconciledJob(boolean suspended, int parallelism, String parallelismOverrides) {}

    /**
     * The autoscaler's setting a running job's reconciled spec carries, when the job asked for the
     * autoscaler; told apart by the reconciliation that deployed it.
     */
    private static AutoscaledVertices autoscaled(FlinkDeployment deployment, ReconciledJob reconciled,
            FlinkDeploymentStatus status) {
        Map<String, String> conf = deployment.getSpec().flinkConfiguration;
        if (conf == null || !Autoscaling.enabled(conf) || reconciled.parallelismOverrides() == null) {
            return null;
        }
        Map<String, Integer> vertices = ParallelismOverrides.parse(reconciled.parallelismOverrides());
        if (vertices.isEmpty()) {
            return null;
        }
        return new AutoscaledVertices(vertices, Long.toString(
                Objects.requireNonNullElse(status.reconciliationStatus.reconciliationTimestamp, 0L)), null);
    }

    /**
     * {@code spec.job} and the overrides of the spec the operator last deployed, or null before the
     * first deploy (or without {@code spec.job}). Read as a stream of tokens, not as a tree: this
     * text comes with every watch event and Fling needs three of its fields (docs/benchmarks.md).
     */
    private ReconciledJob reconciledJob(FlinkDeploymentStatus status) {
        if (status.reconciliationStatus == null || status.reconciliationStatus.lastReconciledSpec == null) {
            return null;
        }
        try (JsonParser parser = mapper.getFactory().createParser(status.reconciliationStatus.lastReconciledSpec)) {
            if (parser.nextToken() != JsonToken.START_OBJECT || !enter(parser, "spec")) {
                return null;
            }
            boolean hasJob = false;
            boolean suspended = false;
            int parallelism = 0;
            String overrides = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("job") && value == JsonToken.START_OBJECT) {
                    hasJob = true;
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String jobField = parser.currentName();
                        parser.nextToken();
                        switch (jobField) {
                            case "state" -> suspended = JobSpec.SUSPENDED.equals(parser.getValueAsString());
                            case "parallelism" -> parallelism = parser.getValueAsInt(0);
                            default -> parser.skipChildren();
                        }
                    }
                } else if (field.equals("flinkConfiguration") && value == JsonToken.START_OBJECT) {
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String key = parser.currentName();
                        parser.nextToken();
                        if (key.equals(ParallelismOverrides.KEY)) {
                            overrides = parser.getValueAsString();
                        } else {
                            parser.skipChildren();
                        }
                    }
                } else {
                    parser.skipChildren();
                }
            }
            return hasJob ? new ReconciledJob(suspended, parallelism, overrides) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Moves the parser, inside an object, into the named field's value if that is an object; false if not. */
    private static boolean enter(JsonParser parser, String name) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals(name)) {
                return value == JsonToken.START_OBJECT;
            }
            parser.skipChildren();
        }
        return false;
    }

    /** The operator's error as readable text: its message, then the messages of its causes. */
    String errorText(String error) {
        if (error == null || error.isBlank()) {
            return null;
        }
        try {
            JsonNode node = mapper.readTree(error);
            if (!node.isObject() || !node.hasNonNull("message")) {
                return error;
            }
            List<String> parts = new ArrayList<>();
            parts.add(node.get("message").asText());
            node.path("throwableList").forEach(cause -> {
                String message = cause.path("message").asText("");
                if (!message.isEmpty() && !parts.contains(message)) {
                    parts.add(message);
                }
            });
            return String.join("; caused by: ", parts);
        } catch (IOException e) {
            return error; // plain text such as "Job Not Found"
        }
    }
}
