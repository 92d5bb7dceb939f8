package dev.fling.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.runtime.operator.model.FlinkDeployment;
import dev.fling.testing.EventLog;
import dev.fling.testing.FlingProcess;
import dev.fling.testing.RequestSender;
import dev.fling.testing.Requests;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The operator's autoscaler, seen by the users of an autoscaled job: each resize it applies
 * (recorded the operator's way by the testing operator: ScalingReport event, state ConfigMap,
 * overrides in the reconciled spec) is announced once as {@code rescaled} with method
 * {@code autoscaler}, each vertex before and after and the autoscaler's reason; also the one made
 * while Fling was down, and none twice across a restart. A manual rescale of the job is refused.
 * Tagged slow: two packaged Flings start one after the other (scripts/slow-tests); AutoscaleIT
 * shows the feature within the suite.
 */
@Tag("slow")
class AutoscalerOperatorIT extends AgainstPackagedFling {

    private static final String SOURCE = "bc764cd8ddf7a0cff126f51c16239658";
    private static final String WINDOWS = "0a448493b4782967b150582570326227";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    String prefix() {
        return "autoscaler";
    }

    @Test
    void eachResizeOfTheOperatorsAutoscalerIsAnnouncedOnceAlsoAcrossARestart() throws Exception {
        try (RequestSender requests = new RequestSender(kafka.bootstrapServers(), prefix() + ".requests")) {
            FlingProcess first = FlingProcess.start("autoscaler-first", environment());
            first.awaitReady();
            CloudEvent launch = Requests.launch(Requests.launchData("name", "elastic", "parallelism", 1,
                    "autoscale", Map.of("minParallelism", 1, "maxParallelism", 4)));
            String job = Requests.jobName(launch, "elastic");
            requests.sendBinary(launch);
            events.await(job, "dev.fling.job.started");

            kubernetes.operator().autoscale(namespace, job, vertices(SOURCE, 1, 3, WINDOWS, 1, 2));
            CloudEvent up = events.await(job, "dev.fling.job.rescaled");

            JsonNode upData = EventLog.data(up);
            assertThat(upData.path("method").asText()).isEqualTo("autoscaler");
            assertThat(upData.path("from").asInt()).isEqualTo(1);
            assertThat(upData.path("to").asInt()).isEqualTo(3);
            assertThat(upData.path("vertices")).isEqualTo(JSON.readTree("[{\"id\":\"" + WINDOWS
                    + "\",\"from\":1,\"to\":2},{\"id\":\"" + SOURCE + "\",\"from\":1,\"to\":3}]"));
            assertThat(upData.path("reason").asText()).startsWith("Scaling execution enabled, begin scaling vertices:")
                    .contains("{ Vertex ID " + SOURCE + " | Parallelism 1 -> 3 | Processing capacity 100.00 -> 300.00");
            assertThat(up.getExtension("correlationid")).as("the launch's: nobody asked for the resize")
                    .isEqualTo(launch.getExtension("correlationid"));
            // Killed once the resize is recorded beside the job (killed before, a restart may repeat it, same id).
            Awaitility.await("the resize is recorded").atMost(Duration.ofSeconds(10)).until(() -> kubernetes.client()
                    .resources(FlinkDeployment.class).inNamespace(namespace).withName(job).get()
                    .getMetadata().getAnnotations().getOrDefault("fling.dev/tracking", "").contains(SOURCE));

            CloudEvent manual = Requests.rescale(job, 2);
            requests.sendBinary(manual);
            CloudEvent refused = events.await(job, "dev.fling.job.rejected");
            assertThat(EventLog.data(refused).path("reason").asText()).isEqualTo("INVALID_STATE");
            assertThat(EventLog.data(refused).path("message").asText()).isEqualTo("job is autoscaled between "
                    + "parallelism 1 and 4: the autoscaler sets its parallelism, a manual rescale is refused");

            first.kill();
            kubernetes.operator().autoscale(namespace, job, vertices(SOURCE, 3, 1, WINDOWS, 2, 1)); // nobody watches

            try (FlingProcess second = FlingProcess.start("autoscaler-second", environment())) {
                second.awaitReady();
                CloudEvent down = events.await("the resize made while Fling was down", event -> job.equals(
                        event.getSubject()) && event.getType().equals("dev.fling.job.rescaled") && !event.getId()
                        .equals(up.getId()));

                JsonNode downData = EventLog.data(down);
                assertThat(downData.path("from").asInt()).isEqualTo(3);
                assertThat(downData.path("to").asInt()).isEqualTo(1);
                assertThat(downData.path("vertices")).isEqualTo(JSON.readTree("[{\"id\":\"" + WINDOWS
                        + "\",\"from\":2,\"to\":1},{\"id\":\"" + SOURCE + "\",\"from\":3,\"to\":1}]"));
                assertThat(downData.path("reason").asText()).contains("Parallelism 3 -> 1");
                assertThat(up.getId()).startsWith(namespace + "/" + job + "/rescaled/autoscaler-");
                assertThat(down.getId()).startsWith(namespace + "/" + job + "/rescaled/autoscaler-");
                assertThat(events.forJob(job).stream().filter(e -> e.getType().equals("dev.fling.job.rescaled"))
                        .map(CloudEvent::getId)).as("each resize once").containsExactly(up.getId(), down.getId());
                assertThat(events.schemaViolations()).isEmpty();
                var answer = JSON.readTree(second.get("/jobs/" + job).body());
                assertThat(answer.path("state").asText()).isEqualTo("running");
            }
        }
    }

    /** Two vertices' parallelism before and after. */
    private static Map<String, int[]> vertices(String a, int aFrom, int aTo, String b, int bFrom, int bTo) {
        Map<String, int[]> vertices = new LinkedHashMap<>();
        vertices.put(a, new int[] {aFrom, aTo});
        vertices.put(b, new int[] {bFrom, bTo});
        return vertices;
    }
}
