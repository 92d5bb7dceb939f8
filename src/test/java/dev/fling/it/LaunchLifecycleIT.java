package dev.fling.it;

import static dev.fling.testing.FlingTestEnvironment.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fling.runtime.operator.model.FlinkDeployment;
import dev.fling.testing.CrdSchema;
import dev.fling.testing.EventLog;
import dev.fling.testing.FlingTestEnvironment;
import dev.fling.testing.RequestSender;
import dev.fling.testing.Requests;
import io.cloudevents.CloudEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(FlingTestEnvironment.class)
class LaunchLifecycleIT {

    static RequestSender requests;
    static EventLog events;

    @BeforeAll
    static void connect() {
        requests = new RequestSender(FlingTestEnvironment.kafka().bootstrapServers());
        events = new EventLog(FlingTestEnvironment.kafka().bootstrapServers(), "fling.events");
    }

    @AfterAll
    static void disconnect() throws InterruptedException {
        requests.close();
        events.close();
    }

    @Test
    void boundedJobIsAcceptedStartsAndSucceeds() {
        CloudEvent launch = Requests.launch(Requests.launchData("name", "wordcount", "parallelism", 2,
                "args", List.of("--input", "a b", "--output", "/tmp/out")));
        requests.sendBinary(launch);
        String job = Requests.jobName(launch, "wordcount");

        CloudEvent accepted = events.await(job, "dev.fling.job.accepted");
        FlinkDeployment deployment = deployment(job);
        assertThat(deployment).isNotNull();
        assertThat(deployment.getSpec().job.args).containsExactly("--input", "a b", "--output", "/tmp/out");
        assertThat(deployment.getSpec().job.parallelism).isEqualTo(2);
        assertThat(CrdSchema.violations(deployment)).isEmpty();

        events.await(job, "dev.fling.job.started");
        FlingTestEnvironment.kubernetes().operator().finish(NAMESPACE, job);
        CloudEvent succeeded = events.await(job, "dev.fling.job.succeeded");

        assertThat(events.types(job)).containsExactly(
                "dev.fling.job.accepted", "dev.fling.job.started", "dev.fling.job.succeeded");
        assertThat(accepted.getExtension("correlationid")).isEqualTo(launch.getExtension("correlationid"));
        assertThat(succeeded.getExtension("flingrequestid")).isEqualTo(launch.getId());
        assertThat(succeeded.getExtension("traceparent")).isEqualTo(Requests.TRACEPARENT);
    }

    private static FlinkDeployment deployment(String name) {
        return FlingTestEnvironment.kubernetes().client().resources(FlinkDeployment.class)
                .inNamespace(NAMESPACE).withName(name).get();
    }
}
