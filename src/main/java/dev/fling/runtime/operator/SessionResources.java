package dev.fling.runtime.operator;

import static dev.fling.runtime.operator.Annotations.*;

import dev.fling.runtime.JobDefinition;
import dev.fling.runtime.operator.model.FlinkDeployment;
import dev.fling.runtime.operator.model.FlinkDeploymentSpec;
import dev.fling.runtime.operator.model.FlinkSessionJob;
import dev.fling.runtime.operator.model.FlinkSessionJobSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds what the warm path writes: pooled session FlinkDeployments (no {@code spec.job}, so the
 * operator runs a session cluster), the FlinkSessionJob a launch becomes, and the patch that hands
 * a pooled deployment to that job. Pure, no API calls, beside {@link FlinkDeployments}.
 */
final class SessionResources {

    /** On every pooled deployment: {@link #IDLE} while it waits, {@link #TAKEN} once a job has it. */
    static final String POOL_LABEL = "fling.dev/pool";
    static final String IDLE = "idle";
    static final String TAKEN = "taken";
    /** When a job took the deployment, so that one whose session job never came can be told apart. */
    static final String TAKEN_AT = "fling.dev/taken-at";

    private final FlinkDeployments deployments;

    SessionResources(FlinkDeployments deployments) {
        this.deployments = deployments;
    }

    /** A session deployment of the pool: set up like a job's cluster, without a job. */
    FlinkDeployment pooled(PoolShape shape, String name) {
        FlinkDeployment deployment = new FlinkDeployment();
        deployment.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(shape.namespace())
                .withLabels(Map.of(MANAGED_BY_LABEL, MANAGED_BY, POOL_LABEL, IDLE)).build());
        FlinkDeploymentSpec spec = deployments.clusterSpec(shape.image(), shape.flinkVersion(), Map.of(),
                shape.taskSlots(), shape.jobManager(), shape.taskManager());
        deployment.setSpec(spec);
        return deployment;
    }

    /** The job as a FlinkSessionJob on {@code deploymentName}: named, labelled and annotated like its FlinkDeployment would be. */
    FlinkSessionJob sessionJob(JobDefinition job, String deploymentName) {
        FlinkSessionJob sessionJob = new FlinkSessionJob();
        sessionJob.setMetadata(new ObjectMetaBuilder().withName(job.ref().name()).withNamespace(job.ref().namespace())
                .withLabels(labels(job)).withAnnotations(deployments.annotations(job)).build());
        FlinkSessionJobSpec spec = new FlinkSessionJobSpec();
        spec.deploymentName = deploymentName;
        spec.flinkConfiguration = job.flinkConfiguration().isEmpty() ? null : new LinkedHashMap<>(job.flinkConfiguration());
        spec.job = deployments.jobSpec(job);
        sessionJob.setSpec(spec);
        return sessionJob;
    }

    /**
     * Hands a pooled deployment to the job: relabelled as taken and as the job's, annotated with
     * the launch (what it tracks lives on the session job). Carries the resource version it was
     * chosen at, so that the API server refuses it (409) if someone else took the deployment first.
     */
    static Map<String, Object> take(JobDefinition job, Map<String, String> launchAnnotations, String resourceVersion,
            Instant now) {
        Map<String, String> labels = labels(job);
        labels.put(POOL_LABEL, TAKEN);
        Map<String, String> annotations = new LinkedHashMap<>(launchAnnotations);
        annotations.remove(TRACKING);
        annotations.remove(QUEUE);
        annotations.put(TAKEN_AT, now.toString());
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("resourceVersion", resourceVersion);
        metadata.put("labels", labels);
        metadata.put("annotations", annotations);
        return Map.of("metadata", metadata);
    }

    private static Map<String, String> labels(JobDefinition job) {
        Map<String, String> labels = new LinkedHashMap<>(job.labels());
        labels.put(MANAGED_BY_LABEL, MANAGED_BY);
        labels.put(JOB_LABEL, job.ref().name());
        return labels;
    }
}
