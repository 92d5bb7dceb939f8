package dev.fling.runtime.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.runtime.JobRef;
import dev.fling.runtime.operator.OperatorConfig.UpgradeMode;
import dev.fling.runtime.operator.model.FlinkDeployment;
import dev.fling.runtime.operator.model.FlinkDeploymentStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PoolUpkeepTest {

    private static final Instant NOW = Instant.parse("2026-12-03T11:00:00Z");
    private static final PoolUpkeep.Settings SIZE_TWO = new PoolUpkeep.Settings(List.of(SessionFitTest.SHAPE), 2,
            Duration.ofSeconds(300));
    private final SessionResources resources = new SessionResources(new FlinkDeployments(
            FlinkDeploymentsTest.operatorConfig(UpgradeMode.SAVEPOINT, "s3://savepoints/"),
            new ObjectMapper().findAndRegisterModules()));

    @Test
    void anEmptyPoolCreatesItsSizeAndCountsWhatItCreatedBeforeTheInformerSawIt() {
        assertThat(plan(List.of(), List.of()).creations()).containsEntry(SessionFitTest.SHAPE, 2);
        assertThat(plan(List.of(), List.of(SessionFitTest.SHAPE)).creations()).containsEntry(SessionFitTest.SHAPE, 1);
    }

    @Test
    void aReadyOneAndOneStillStartingInTimeAreKept() {
        FlinkDeployment ready = ready(pooled("a", NOW.minusSeconds(30)));
        FlinkDeployment starting = pooled("b", NOW.minusSeconds(299));

        PoolUpkeep.Plan plan = plan(List.of(ready, starting), List.of());

        assertThat(plan.deletions()).isEmpty();
        assertThat(plan.creations()).containsEntry(SessionFitTest.SHAPE, 0);
        assertThat(plan.problem()).isNull();
    }

    @Test
    void oneNotReadyInTimeIsReplacedAndSaidWhy() {
        PoolUpkeep.Plan plan = plan(List.of(pooled("slow", NOW.minusSeconds(301))), List.of());

        assertThat(plan.deletions()).extracting(PoolUpkeep.Deletion::reason)
                .containsExactly("it was not ready after 300 s");
        assertThat(plan.creations()).containsEntry(SessionFitTest.SHAPE, 2);
        assertThat(plan.problem()).isEqualTo("a pooled session deployment was not ready after 300 s; "
                + "launches start cold meanwhile");
    }

    @Test
    void aFailedOneAndOneOfAShapeNoLongerWantedAreDeleted() {
        FlinkDeployment failed = pooled("failed", NOW.minusSeconds(10));
        failed.getStatus().lifecycleState = "FAILED";
        FlinkDeployment old = ready(pooled("old", NOW.minusSeconds(10)));
        old.getSpec().image = "flink:1.17";

        assertThat(plan(List.of(failed, old), List.of()).deletions()).extracting(PoolUpkeep.Deletion::reason)
                .containsExactlyInAnyOrder("the operator reports it failed",
                        "its image, Flink version or resources are no longer the pool's");
    }

    @Test
    void aTakenOneWhoseSessionJobNeverCameIsDeletedOnlyAfterTheGrace() {
        FlinkDeployment recent = taken("recent", "etl", NOW.minusSeconds(59));
        FlinkDeployment orphan = taken("orphan", "lost", NOW.minusSeconds(61));
        FlinkDeployment serving = taken("serving", "etl", NOW.minusSeconds(600));

        PoolUpkeep.Plan plan = PoolUpkeep.plan(List.of(recent, orphan, serving), SIZE_TWO, Set.of(), List.of(),
                ref -> ref.equals(new JobRef(SessionFitTest.SHAPE.namespace(), "etl")), NOW);

        assertThat(plan.deletions()).extracting(d -> d.deployment().getMetadata().getName()).containsExactly("orphan");
    }

    private PoolUpkeep.Plan plan(List<FlinkDeployment> pooled, List<PoolShape> justCreated) {
        return PoolUpkeep.plan(pooled, SIZE_TWO, Set.of(), justCreated, ref -> false, NOW);
    }

    private FlinkDeployment pooled(String name, Instant created) {
        FlinkDeployment deployment = resources.pooled(SessionFitTest.SHAPE, name);
        deployment.getMetadata().setNamespace(SessionFitTest.SHAPE.namespace());
        deployment.getMetadata().setCreationTimestamp(created.toString());
        deployment.setStatus(new FlinkDeploymentStatus());
        return deployment;
    }

    private static FlinkDeployment ready(FlinkDeployment deployment) {
        deployment.getStatus().jobManagerDeploymentStatus = "READY";
        deployment.getStatus().lifecycleState = "STABLE";
        return deployment;
    }

    private FlinkDeployment taken(String name, String job, Instant takenAt) {
        FlinkDeployment deployment = ready(pooled(name, takenAt.minusSeconds(60)));
        deployment.getMetadata().getLabels().put("fling.dev/pool", "taken");
        deployment.getMetadata().getLabels().put("fling.dev/job", job);
        deployment.getMetadata().setAnnotations(new java.util.HashMap<>(Map.of("fling.dev/taken-at", takenAt.toString())));
        return deployment;
    }
}
