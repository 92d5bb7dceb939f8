package dev.fling.it;

import static dev.fling.testing.FlingTestEnvironment.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fling.testing.EventLog;
import dev.fling.testing.FlingTestEnvironment;
import dev.fling.testing.Requests;
import io.cloudevents.CloudEvent;
import io.quarkus.test.junit.QuarkusTest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An autoscaled job on the operator runtime, as its user sees it: the launch's {@code autoscale}
 * reaches the FlinkDeployment as the autoscaler's own keys, a resize the operator's autoscaler
 * applies is announced as {@code rescaled} by the autoscaler, and a manual rescale is refused.
 * (AutoscalerOperatorIT, tagged slow, follows resizes across a restart of Fling.)
 */
@QuarkusTest
class AutoscaleIT extends WithRequestsAndEvents {

    @Test
    void anAutoscalersResizeIsAnnouncedAndAManualRescaleRefused() {
        CloudEvent launch = Requests.launch(Requests.launchData("name", "elastic", "parallelism", 2,
                "autoscale", Map.of("minParallelism", 1, "maxParallelism", 6, "targetUtilization", 0.6)));
        requests.sendBinary(launch);
        String job = Requests.jobName(launch, "elastic");
        events.await(job, "dev.fling.job.started");
        assertThat(LaunchLifecycleIT.deployment(NAMESPACE, job).getSpec().flinkConfiguration).containsEntry(
                "job.autoscaler.enabled", "true").containsEntry("job.autoscaler.vertex.max-parallelism", "6")
                .containsEntry("job.autoscaler.target.utilization", "0.6");

        Map<String, int[]> vertices = new LinkedHashMap<>();
        vertices.put("bc764cd8ddf7a0cff126f51c16239658", new int[] {2, 6});
        FlingTestEnvironment.kubernetes().operator().autoscale(NAMESPACE, job, vertices);
        CloudEvent rescaled = events.await(job, "dev.fling.job.rescaled");
        CloudEvent refused = rejectedRescale(job);

        JsonNode data = EventLog.data(rescaled);
        assertThat(data.path("method").asText()).isEqualTo("autoscaler");
        assertThat(data.path("from").asInt()).isEqualTo(2);
        assertThat(data.path("to").asInt()).isEqualTo(6);
        assertThat(data.path("vertices").get(0).path("id").asText()).isEqualTo("bc764cd8ddf7a0cff126f51c16239658");
        assertThat(data.path("reason").asText()).contains("Parallelism 2 -> 6");
        assertThat(EventLog.data(refused).path("reason").asText()).isEqualTo("INVALID_STATE");
        assertThat(events.types(job)).containsExactly("dev.fling.job.accepted", "dev.fling.job.started",
                "dev.fling.job.rescaled", "dev.fling.job.rejected");
    }

    private static CloudEvent rejectedRescale(String job) {
        CloudEvent rescale = Requests.rescale(job, 3);
        requests.sendBinary(rescale);
        return events.await("the manual rescale refused", e -> job.equals(e.getSubject())
                && e.getType().equals("dev.fling.job.rejected"));
    }
}
