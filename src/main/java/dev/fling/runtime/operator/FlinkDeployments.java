package dev.fling.runtime.operator;

import static dev.fling.runtime.operator.Annotations.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.runtime.JobDefinition;
import dev.fling.runtime.JobPolicy;
import dev.fling.runtime.operator.model.FlinkDeployment;
import dev.fling.runtime.operator.model.FlinkDeploymentSpec;
import dev.fling.runtime.operator.model.JobSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the FlinkDeployment for a job: pure, no API calls. Application mode (spec.job set; a SQL
 * job runs Fling's SQL runner from the image), labelled as Fling's, annotated with everything
 * needed to follow the job after a restart.
 */
final class FlinkDeployments {

    /** Makes savepoints on demand show in the FlinkDeployment's own status (not in separate resources). */
    static final String SNAPSHOT_RESOURCES = "kubernetes.operator.snapshot.resource.enabled";
    static final String TASK_SLOTS = "taskmanager.numberOfTaskSlots";
    static final String SAVEPOINT_DIRECTORY = "state.savepoints.dir";

    private final OperatorConfig config;
    private final ObjectMapper mapper;

    FlinkDeployments(OperatorConfig config, ObjectMapper mapper) {
        this.config = config;
        this.mapper = mapper;
    }

    FlinkDeployment desired(JobDefinition job) {
        Map<String, String> labels = new LinkedHashMap<>(job.labels());
        labels.put(MANAGED_BY_LABEL, MANAGED_BY);
        labels.put(JOB_LABEL, job.ref().name());

        FlinkDeployment deployment = new FlinkDeployment();
        deployment.setMetadata(new ObjectMetaBuilder()
                .withName(job.ref().name())
                .withNamespace(job.ref().namespace())
                .withLabels(labels)
                .withAnnotations(annotations(job))
                .build());

        FlinkDeploymentSpec spec = clusterSpec(job.image(), job.flinkVersion(), job.flinkConfiguration(),
                job.taskSlots(), job.jobManager(), job.taskManager());
        spec.job = jobSpec(job);
        deployment.setSpec(spec);
        return deployment;
    }

    /**
     * Everything of a FlinkDeployment's spec but {@code spec.job}: the cluster, for a job's own
     * and for a pooled session cluster ({@link SessionResources#pooled}).
     */
    FlinkDeploymentSpec clusterSpec(String image, String flinkVersion, Map<String, String> configuration,
            int taskSlots, JobDefinition.ProcessResources jobManager, JobDefinition.ProcessResources taskManager) {
        FlinkDeploymentSpec spec = new FlinkDeploymentSpec();
        spec.image = image;
        spec.flinkVersion = flinkVersion;
        spec.serviceAccount = config.serviceAccount();
        spec.mode = config.mode().value();
        Map<String, String> flinkConfiguration = new LinkedHashMap<>(configuration);
        flinkConfiguration.put(TASK_SLOTS, Integer.toString(taskSlots));
        flinkConfiguration.put(SNAPSHOT_RESOURCES, "false");
        config.savepointDirectory().ifPresent(dir -> flinkConfiguration.putIfAbsent(SAVEPOINT_DIRECTORY, dir));
        spec.flinkConfiguration = flinkConfiguration;
        spec.jobManager = process(jobManager, 1);
        spec.taskManager = process(taskManager, null);
        return spec;
    }

    /** {@code spec.job} of the job: the same for its FlinkDeployment and, on the warm path, its FlinkSessionJob. */
    JobSpec jobSpec(JobDefinition job) {
        JobSpec jobSpec = new JobSpec();
        if (job.sql() == null) {
            jobSpec.jarURI = job.jarURI();
            jobSpec.entryClass = job.entryClass();
            jobSpec.args = job.args().isEmpty() ? null : job.args();
        } else {
            jobSpec.jarURI = config.sqlRunnerJar();
            jobSpec.entryClass = JobDefinition.SqlScript.RUNNER;
            jobSpec.args = sqlRunnerArgs(job.sql());
        }
        jobSpec.parallelism = job.parallelism();
        jobSpec.upgradeMode = config.upgradeMode().value();
        // A launch waiting in the queue is created suspended: the operator deploys nothing before its
        // first deployment while spec.job.state is suspended, and deploys it once Fling lets it in.
        jobSpec.state = job.queue() != null && job.queue().waiting() ? JobSpec.SUSPENDED : JobSpec.RUNNING;
        if (job.restore() != null) {
            jobSpec.initialSavepointPath = job.restore().savepointPath();
            jobSpec.allowNonRestoredState = job.restore().allowNonRestoredState();
        }
        return jobSpec;
    }

    /**
     * The runner's arguments: the script itself, base64 (the operator hands program arguments to
     * Flink as one configuration value, where a script's quotes and semicolons would not survive),
     * or its URI, read by the runner when the job starts.
     */
    static List<String> sqlRunnerArgs(JobDefinition.SqlScript sql) {
        return sql.text() != null
                ? List.of("--script-base64", Base64.getEncoder().encodeToString(sql.text().getBytes(StandardCharsets.UTF_8)))
                : List.of("--uri", sql.uri());
    }

    Map<String, String> annotations(JobDefinition job) {
        JobPolicy policy = job.policy();
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(REQUEST_ID, job.request().id());
        annotations.put(REQUEST_SOURCE, job.request().source());
        annotations.put(REQUEST, json(job.request()));
        annotations.put(ACCEPTED_AT, job.acceptedAt().toString());
        if (policy.deadline() != null) {
            annotations.put(DEADLINE, policy.deadline().toString());
            annotations.put(DEADLINE_SECONDS, Long.toString(policy.deadlineSeconds()));
        }
        annotations.put(TTL_SECONDS, Long.toString(policy.ttlAfterFinished().toSeconds()));
        annotations.put(MAX_ATTEMPTS, Integer.toString(policy.maxAttempts()));
        annotations.put(RETRY_BACKOFF_SECONDS, Long.toString(policy.retryBackoff().toSeconds()));
        // No tracking annotation yet: read without one, the job is ACCEPTED at attempt 1 with its
        // parallelism, which is what it would say (JobRecordReader); every watch event and every
        // read of the deployment until the first transition would carry it.
        if (job.queue() != null) {
            annotations.put(QUEUE, json(job.queue()));
        }
        return annotations;
    }

    private static FlinkDeploymentSpec.ProcessSpec process(JobDefinition.ProcessResources resources, Integer replicas) {
        FlinkDeploymentSpec.Resource resource = new FlinkDeploymentSpec.Resource();
        resource.cpu = resources.cpu();
        resource.memory = resources.memory();
        FlinkDeploymentSpec.ProcessSpec process = new FlinkDeploymentSpec.ProcessSpec();
        process.resource = resource;
        process.replicas = replicas;
        return process;
    }

    /** JSON text of a request envelope or tracking state, for an annotation. */
    String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
