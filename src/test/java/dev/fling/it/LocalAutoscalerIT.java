package dev.fling.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fling.testing.EventLog;
import dev.fling.testing.LocalClusters;
import dev.fling.testing.LocalRuntimeProfile;
import dev.fling.testing.Requests;
import io.cloudevents.CloudEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The local autoscaler on a real cluster: the streaming example's input rate rises and falls on a
 * schedule, and its counting vertex, which waits 5 ms per record, is resized in place from its busy
 * time, up and then down, within its bounds. The autoscaler's window and delays are the launch's
 * own settings, short.
 */
@Tag("slow") // scripts/slow-tests: one real cluster for several minutes; beyond CI's 20 minutes
@QuarkusTest
@TestProfile(LocalRuntimeProfile.class)
class LocalAutoscalerIT extends WithRequestsAndEvents {

    private static final String WORK = LocalRuntimeProfile.WORK_DIRECTORY;
    /** Generous: on a loaded 2-core machine a TaskManager takes tens of seconds to start. */
    private static final Duration RESIZE_TIME = Duration.ofMinutes(5);

    @AfterAll
    static void stopLeftoverClusters() {
        LocalClusters.stopAllUnder(WORK);
    }

    @Test
    void aLoadStepIsFollowedUpAndDownInPlaceWithinTheBounds() {
        // 20 records/s, 400/s from 20 s after main ran until 180 s, then 20/s again. At 5 ms a record
        // the counting vertex is busy 10% of the time at 20/s on one subtask, saturated at 400/s
        // (2 s of work a second): busy above 0.5 + 0.3 asks for more subtasks, below 0.2 for fewer.
        CloudEvent launch = Requests.launch(Requests.launchData("name", "elastic", "jarURI", LocalClusters.examplesJar(),
                "entryClass", "dev.fling.examples.StreamingCounter", "parallelism", 1,
                "args", List.of("--rate", "20", "--rate-schedule", "0:20,20:400,180:20", "--record-cost-ms", "5"),
                "autoscale", Map.of("minParallelism", 1, "maxParallelism", 3, "targetUtilization", 0.5,
                        "metricsWindowSeconds", 10, "stabilizationSeconds", 10, "scaleDownDelaySeconds", 10)));
        requests.sendBinary(launch);
        String job = Requests.jobName(launch, "elastic");

        CloudEvent started = events.awaitWithin(job, "dev.fling.job.started", Duration.ofMinutes(3));
        String flinkJobId = EventLog.data(started).path("flinkJobId").asText();
        assertThat(EventLog.data(started).path("parallelism").asInt()).isEqualTo(1);

        JsonNode up = awaitResize(job, "a resize up", resize -> resize.path("to").asInt() > resize.path("from").asInt());
        assertThat(up.path("reason").asText()).startsWith("Scaling vertices: { Vertex ID ");
        Map<String, Integer> running = flinkRunning(job, flinkJobId);
        vertices(up, "to").forEach((vertex, to) -> assertThat(running.get(vertex))
                .as("Flink runs the same job, vertex %s at the new parallelism (or beyond, after a later resize)", vertex)
                .isGreaterThanOrEqualTo(to));

        JsonNode down = awaitResize(job, "a resize down",
                resize -> resize.path("to").asInt() < resize.path("from").asInt());
        assertThat(down.path("reason").asText()).startsWith("Scaling vertices: { Vertex ID ");

        List<JsonNode> resizes = resizes(job);
        Map<String, Integer> last = new HashMap<>();
        for (JsonNode resize : resizes) {
            assertThat(resize.path("method").asText()).isEqualTo("autoscaler");
            for (JsonNode vertex : resize.path("vertices")) {
                assertThat(vertex.path("to").asInt()).as("the bounds hold").isBetween(1, 3);
                assertThat(vertex.path("from").asInt()).as("each resize starts where the last one left the vertex")
                        .isEqualTo(last.getOrDefault(vertex.path("id").asText(), 1));
                last.put(vertex.path("id").asText(), vertex.path("to").asInt());
            }
        }
        assertThat(events.forJob(job).stream().filter(e -> e.getType().equals("dev.fling.job.rescaled"))
                .map(CloudEvent::getId).distinct()).as("each resize reported once").hasSize(resizes.size());
        assertThat(events.types(job)).as("the same attempt all along").containsOnlyOnce("dev.fling.job.started")
                .doesNotContain("dev.fling.job.failed");
        JsonPath view = given().get("/jobs/{name}", job).then().statusCode(200).extract().jsonPath();
        assertThat(view.getMap("vertices", String.class, Integer.class)).isEqualTo(last);
        assertThat(flinkRunning(job, flinkJobId)).isEqualTo(last);

        // The autoscaler may resize again meanwhile (down once more as the rate stays low): the expected
        // TaskManagers follow its latest resize.
        Awaitility.await("the TaskManagers the scale-down left idle stopped").atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                    Map<String, Integer> latest = new HashMap<>();
                    resizes(job).forEach(resize -> latest.putAll(vertices(resize, "to")));
                    int highest = latest.values().stream().mapToInt(Integer::intValue).max().orElse(1);
                    JsonNode taskManagers = LocalClusters.rest(WORK, job, "/taskmanagers").path("taskmanagers");
                    int slots = taskManagers.path(0).path("slotsNumber").asInt(1);
                    assertThat(taskManagers.size()).as("TaskManagers for a highest parallelism of %d, %d slots each",
                            highest, slots).isEqualTo((highest + slots - 1) / slots);
                    assertThat(flinkRunning(job, flinkJobId)).as("the job runs on at its latest resize").isEqualTo(latest);
                });

        requests.sendBinary(Requests.cancel(job, false));
        events.awaitWithin(job, "dev.fling.job.cancelled", Duration.ofMinutes(2));
    }

    private static JsonNode awaitResize(String job, String what, Predicate<JsonNode> match) {
        return Awaitility.await(what + " of " + job).atMost(RESIZE_TIME).pollInterval(Duration.ofSeconds(1))
                .until(() -> resizes(job).stream().filter(match).findFirst(), found -> found.isPresent()).get();
    }

    private static List<JsonNode> resizes(String job) {
        return events.forJob(job).stream().filter(e -> e.getType().equals("dev.fling.job.rescaled"))
                .map(EventLog::data).toList();
    }

    private static Map<String, Integer> vertices(JsonNode resize, String field) {
        Map<String, Integer> vertices = new HashMap<>();
        resize.path("vertices").forEach(v -> vertices.put(v.path("id").asText(), v.path(field).asInt()));
        return vertices;
    }

    /** The parallelism of each vertex of the Flink job, as its JobManager reports it, once it runs. */
    private static Map<String, Integer> flinkRunning(String job, String flinkJobId) {
        return Awaitility.await("Flink job " + flinkJobId + " running").atMost(Duration.ofMinutes(1))
                .until(() -> {
                    JsonNode details = LocalClusters.rest(WORK, job, "/jobs/" + flinkJobId);
                    Map<String, Integer> vertices = new HashMap<>();
                    details.path("vertices").forEach(v -> vertices.put(v.path("id").asText(),
                            v.path("parallelism").asInt()));
                    return "RUNNING".equals(details.path("state").asText()) ? vertices : null;
                }, running -> running != null);
    }
}
