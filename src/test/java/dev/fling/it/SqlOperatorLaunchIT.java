package dev.fling.it;

import static dev.fling.testing.FlingTestEnvironment.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fling.runtime.operator.model.FlinkDeployment;
import dev.fling.testing.CrdSchema;
import dev.fling.testing.FlingTestEnvironment;
import dev.fling.testing.Requests;
import io.cloudevents.CloudEvent;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A SQL launch on the operator runtime: a FlinkDeployment running Fling's SQL runner, valid for the operator's CRD. */
@QuarkusTest
class SqlOperatorLaunchIT extends WithRequestsAndEvents {

    @Test
    void aSqlLaunchBecomesADeploymentOfTheRunnerThatIsRemovedAfterItsTimeToLive() {
        CloudEvent launch = Requests.launch(Requests.sqlLaunchData(Requests.BOUNDED_SQL, "name", "sqlorders",
                "parallelism", 2, "ttlSecondsAfterFinished", 1));
        String job = Requests.jobName(launch, "sqlorders");
        requests.sendBinary(launch);
        events.await(job, "dev.fling.job.accepted");

        FlinkDeployment deployment = LaunchLifecycleIT.deployment(NAMESPACE, job);
        assertThat(deployment.getSpec().job.jarURI).isEqualTo("local:///opt/flink/usrlib/fling-sql-runner.jar");
        assertThat(deployment.getSpec().job.entryClass).isEqualTo("dev.fling.sql.SqlRunner");
        assertThat(deployment.getSpec().job.args).hasSize(2).first().isEqualTo("--script-base64");
        assertThat(new String(Base64.getDecoder().decode(deployment.getSpec().job.args.get(1)), StandardCharsets.UTF_8))
                .isEqualTo(Requests.BOUNDED_SQL);
        assertThat(deployment.getSpec().job.parallelism).isEqualTo(2);
        assertThat(CrdSchema.violations(deployment)).isEmpty();

        events.await(job, "dev.fling.job.started");
        FlingTestEnvironment.kubernetes().operator().finish(NAMESPACE, job);
        events.await(job, "dev.fling.job.succeeded");
        Awaitility.await("the deployment is deleted after its time-to-live").atMost(Duration.ofSeconds(15))
                .until(() -> LaunchLifecycleIT.deployment(NAMESPACE, job) == null);
    }

    @Test
    void aSqlUriLaunchHandsTheUriToTheRunner() {
        CloudEvent launch = Requests.launch(Map.of("name", "sqlremote", "sqlURI", "https://example.com/orders.sql"));
        String job = Requests.jobName(launch, "sqlremote");
        requests.sendBinary(launch);
        events.await(job, "dev.fling.job.accepted");

        FlinkDeployment deployment = LaunchLifecycleIT.deployment(NAMESPACE, job);
        assertThat(deployment.getSpec().job.args).containsExactly("--uri", "https://example.com/orders.sql");
        assertThat(CrdSchema.violations(deployment)).isEmpty();
    }
}
