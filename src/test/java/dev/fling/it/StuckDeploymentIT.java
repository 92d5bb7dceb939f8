package dev.fling.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fling.testing.EventLog;
import dev.fling.testing.FlingTestEnvironment;
import dev.fling.testing.Requests;
import dev.fling.testing.TestingFlinkOperator;
import io.cloudevents.CloudEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A job whose cluster does not come up is not silent: its caller hears why nothing happens, once. */
@QuarkusTest
@TestProfile(StuckDeploymentIT.QuicklyStuck.class)
class StuckDeploymentIT extends WithRequestsAndEvents {

    /** Fling that calls a deployment stuck after two seconds. */
    public static class QuicklyStuck implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("fling.tracking.stuck-after", "2s");
        }
    }

    @Test
    void aJobStillDeployingAfterTheLimitIsToldPendingOnceThenStartsAsUsual() {
        TestingFlinkOperator operator = FlingTestEnvironment.kubernetes().operator();
        operator.holdDeployment("stuck");
        try {
            CloudEvent launch = Requests.launch(Requests.launchData("name", "stuck"));
            requests.sendBinary(launch);
            String job = Requests.jobName(launch, "stuck");

            CloudEvent pending = events.await(job, "dev.fling.job.pending");
            assertThat(EventLog.data(pending).path("reason").asText())
                    .isEqualTo("still deploying after 2 s: the cluster or the job in it has not started yet");
            assertThat(pending.getExtension("flingrequestid")).isEqualTo(launch.getId());

            // Past another limit and more, the sweep must not say it again.
            Awaitility.await("a single pending").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> events.types(job).stream().filter("dev.fling.job.pending"::equals).count() == 1);
            operator.release("stuck");
            events.await(job, "dev.fling.job.started");
            assertThat(events.types(job)).containsExactly("dev.fling.job.accepted", "dev.fling.job.pending",
                    "dev.fling.job.started");
        } finally {
            operator.release("stuck");
        }
    }
}
