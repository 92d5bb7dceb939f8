package dev.fling.runtime.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

/** The operator's states as Fling reads them from a watched FlinkDeployment. */
class FlinkDeploymentStatusTest {

    /** What the informer reads watch events with. */
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    @Test
    void statesTheOperatorWritesReadAsTheirEnums() {
        FlinkDeploymentStatus status = read("""
                {"lifecycleState": "STABLE", "jobManagerDeploymentStatus": "READY",
                 "jobStatus": {"state": "RUNNING", "jobId": "a1b2"}}
                """);

        assertThat(status.lifecycle()).isEqualTo(LifecycleState.STABLE);
        assertThat(status.jobState()).isEqualTo(FlinkJobState.RUNNING);
    }

    @Test
    void statesANewerOperatorAddsStillReadAndAreUnknown() {
        FlinkDeploymentStatus status = read("""
                {"lifecycleState": "HIBERNATING", "jobManagerDeploymentStatus": "SLEEPING",
                 "jobStatus": {"state": "PAUSED", "jobId": "a1b2"}}
                """);

        assertThat(status.lifecycle()).isEqualTo(LifecycleState.UNKNOWN);
        assertThat(status.jobState()).isEqualTo(FlinkJobState.UNKNOWN);
        assertThat(status.lifecycleState).as("the text is kept as written").isEqualTo("HIBERNATING");
        assertThat(status.jobStatus.jobId).isEqualTo("a1b2");
    }

    @Test
    void statesNotWrittenYetAreUnknown() {
        FlinkDeploymentStatus status = read("{}");

        assertThat(status.lifecycle()).isEqualTo(LifecycleState.UNKNOWN);
        assertThat(status.jobState()).isEqualTo(FlinkJobState.UNKNOWN);
    }

    @Test
    void everyLifecycleStateOfTheOperatorHasItsConstant() {
        for (String name : new String[] {"CREATED", "SUSPENDED", "UPGRADING", "DEPLOYED", "STABLE", "ROLLING_BACK",
                "ROLLED_BACK", "FAILED"}) {
            assertThat(LifecycleState.of(name).name()).isEqualTo(name);
        }
    }

    @Test
    void everyJobStateOfFlinkHasItsConstant() {
        for (String name : new String[] {"INITIALIZING", "CREATED", "RUNNING", "FAILING", "FAILED", "CANCELLING",
                "CANCELED", "FINISHED", "RESTARTING", "SUSPENDED", "RECONCILING"}) {
            assertThat(FlinkJobState.of(name).name()).isEqualTo(name);
        }
    }

    @Test
    void statesAreMatchedByExactName() {
        assertThat(LifecycleState.of("stable")).isEqualTo(LifecycleState.UNKNOWN);
        assertThat(FlinkJobState.of("")).isEqualTo(FlinkJobState.UNKNOWN);
    }

    private static FlinkDeploymentStatus read(String status) {
        FlinkDeployment deployment = SERIALIZATION.unmarshal("""
                {"apiVersion": "flink.apache.org/v1beta1", "kind": "FlinkDeployment",
                 "metadata": {"name": "fling-0123456789", "namespace": "default", "resourceVersion": "7"},
                 "spec": {"job": {"state": "running"}},
                 "status": %s}
                """.formatted(status), FlinkDeployment.class);
        return deployment.getStatus();
    }
}
