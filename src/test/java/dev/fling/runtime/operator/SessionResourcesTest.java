package dev.fling.runtime.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.runtime.JobDefinition;
import dev.fling.runtime.operator.OperatorConfig.UpgradeMode;
import dev.fling.runtime.operator.model.FlinkDeployment;
import dev.fling.runtime.operator.model.FlinkSessionJob;
import dev.fling.testing.CrdSchema;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionResourcesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules();
    private final FlinkDeployments deployments = new FlinkDeployments(
            FlinkDeploymentsTest.operatorConfig(UpgradeMode.SAVEPOINT, "s3://savepoints/"), MAPPER);
    private final SessionResources resources = new SessionResources(deployments);

    @Test
    void aPooledDeploymentIsASessionClusterOfItsShapeLabelledIdle() {
        FlinkDeployment pooled = resources.pooled(SessionFitTest.SHAPE, "fling-pool-1a2b3c4d");

        assertThat(pooled.getSpec().job).isNull();
        assertThat(pooled.getMetadata().getLabels()).containsEntry("fling.dev/pool", "idle")
                .containsEntry("app.kubernetes.io/managed-by", "fling").doesNotContainKey("fling.dev/job");
        assertThat(pooled.getSpec().flinkConfiguration).containsEntry("taskmanager.numberOfTaskSlots", "1")
                .containsEntry("state.savepoints.dir", "s3://savepoints/");
        assertThat(PoolShape.of(pooled)).isEqualTo(SessionFitTest.SHAPE);
        assertThat(CrdSchema.violations(pooled)).isEmpty();
    }

    @Test
    void aSessionJobNamesItsDeploymentAndCarriesTheLaunchLikeAFlinkDeployment() {
        JobDefinition job = SessionFitTest.job("https://jars.example.org/etl.jar", Map.of("pipeline.name", "etl"));

        FlinkSessionJob sessionJob = resources.sessionJob(job, "fling-pool-1a2b3c4d");

        assertThat(sessionJob.getMetadata().getName()).isEqualTo("etl-0123456789");
        assertThat(sessionJob.getSpec().deploymentName).isEqualTo("fling-pool-1a2b3c4d");
        assertThat(sessionJob.getSpec().job.jarURI).isEqualTo("https://jars.example.org/etl.jar");
        assertThat(sessionJob.getSpec().job.parallelism).isEqualTo(2);
        assertThat(sessionJob.getSpec().job.upgradeMode).isEqualTo("savepoint");
        assertThat(sessionJob.getSpec().flinkConfiguration).containsExactly(Map.entry("pipeline.name", "etl"));
        assertThat(sessionJob.getMetadata().getLabels()).containsEntry("fling.dev/job", "etl-0123456789")
                .containsEntry("team", "data").containsEntry("app.kubernetes.io/managed-by", "fling");
        assertThat(sessionJob.getMetadata().getAnnotations()).isEqualTo(deployments.desired(job).getMetadata().getAnnotations());
        assertThat(CrdSchema.violations(sessionJob)).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void takingADeploymentRelabelsItAsTheJobsAndIsConditionalOnItsVersion() {
        JobDefinition job = SessionFitTest.job("https://jars.example.org/etl.jar", Map.of());

        Map<String, Object> patch = SessionResources.take(job, deployments.annotations(job), "4711",
                Instant.parse("2026-12-03T09:00:01Z"));

        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) patch.get("metadata");
        assertThat(metadata.get("resourceVersion")).isEqualTo("4711");
        assertThat((Map<String, String>) metadata.get("labels")).containsEntry("fling.dev/pool", "taken")
                .containsEntry("fling.dev/job", "etl-0123456789").containsEntry("team", "data");
        assertThat((Map<String, String>) metadata.get("annotations")).containsEntry("fling.dev/request-id", "req-1")
                .containsEntry("fling.dev/taken-at", "2026-12-03T09:00:01Z")
                .doesNotContainKey("fling.dev/tracking");
        assertThat(patch).containsOnlyKeys("metadata");
    }
}
