package dev.fling.runtime.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.runtime.JobObservation;
import dev.fling.runtime.JobObservation.Phase;
import dev.fling.runtime.operator.model.FlinkSessionJob;
import dev.fling.runtime.operator.model.FlinkSessionJobSpec;
import dev.fling.runtime.operator.model.FlinkSessionJobStatus;
import dev.fling.runtime.operator.model.JobSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A session job's status, as the operator writes it, read by the FlinkDeployment rules. */
class SessionJobWatchTest {

    private static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules();
    private final StatusInterpreter interpreter = new StatusInterpreter(MAPPER);

    @Test
    void aRunningSessionJobIsRunningWithItsParallelism() {
        FlinkSessionJob job = sessionJob("RUNNING", "STABLE", null);

        JobObservation seen = interpreter.interpret(SessionJobWatch.asDeployment(job));

        assertThat(seen.phase()).isEqualTo(Phase.RUNNING);
        assertThat(seen.runningParallelism()).isEqualTo(2);
        assertThat(seen.launch()).isNotNull();
    }

    @Test
    void aFailedSessionJobIsFailedWithTheOperatorsError() {
        FlinkSessionJob job = sessionJob("FAILED", "FAILED", "{\"type\":\"org.apache.flink.util.SerializedThrowable\","
                + "\"message\":\"Recovery is suppressed by NoRestartBackoffTimeStrategy\",\"throwableList\":"
                + "[{\"message\":\"java.lang.IllegalStateException: boom\"}]}");

        JobObservation seen = interpreter.interpret(SessionJobWatch.asDeployment(job));

        assertThat(seen.phase()).isEqualTo(Phase.FAILED);
        assertThat(seen.message()).isEqualTo("Recovery is suppressed by NoRestartBackoffTimeStrategy; caused by: "
                + "java.lang.IllegalStateException: boom");
    }

    @Test
    void aSessionJobFinishedWhileStableSucceeded() {
        JobObservation seen = interpreter.interpret(SessionJobWatch.asDeployment(sessionJob("FINISHED", "STABLE", null)));

        assertThat(seen.phase()).isEqualTo(Phase.FINISHED);
    }

    private static FlinkSessionJob sessionJob(String state, String lifecycle, String error) {
        FlinkSessionJob job = new FlinkSessionJob();
        job.setMetadata(new ObjectMetaBuilder().withName("etl").withNamespace("analytics").withGeneration(1L)
                .withCreationTimestamp("2026-12-03T09:00:01Z")
                .withAnnotations(Map.of("fling.dev/accepted-at", "2026-12-03T09:00:00Z")).build());
        job.setSpec(new FlinkSessionJobSpec());
        job.getSpec().deploymentName = "fling-pool-1a2b3c4d";
        job.getSpec().job = new JobSpec();
        job.getSpec().job.parallelism = 2;
        job.getSpec().job.upgradeMode = JobSpec.SAVEPOINT;
        FlinkSessionJobStatus status = new FlinkSessionJobStatus();
        status.observedGeneration = 1L;
        status.lifecycleState = lifecycle;
        status.error = error;
        status.jobStatus = new FlinkSessionJobStatus.JobStatus();
        status.jobStatus.state = state;
        status.jobStatus.jobId = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
        status.jobStatus.updateTime = Long.toString(java.time.Instant.parse("2026-12-03T09:00:02Z").toEpochMilli());
        status.reconciliationStatus = new FlinkSessionJobStatus.ReconciliationStatus();
        status.reconciliationStatus.state = "DEPLOYED";
        status.reconciliationStatus.lastReconciledSpec = "{\"spec\":{\"deploymentName\":\"fling-pool-1a2b3c4d\",\"job\":"
                + "{\"parallelism\":2,\"upgradeMode\":\"savepoint\",\"state\":\"running\"}},\"resource_metadata\":{}}";
        job.setStatus(status);
        return job;
    }
}
