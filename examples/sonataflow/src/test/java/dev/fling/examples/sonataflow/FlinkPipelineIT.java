package dev.fling.examples.sonataflow;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged workflow service against a real Fling (local runtime: real Flink clusters) and a
 * real broker, which scripts/examples starts and names in FLING_URL, KAFKA_BOOTSTRAP_SERVERS and
 * FLING_EXAMPLES_JAR. Instances are started over the workflow's REST endpoint, as a user would.
 */
@QuarkusIntegrationTest
class FlinkPipelineIT {

    private static final Duration JOBS_END_WITHIN = Duration.ofMinutes(3);

    private static String flingUrl;
    private static String jar;

    @BeforeAll
    static void addresses() {
        flingUrl = required("FLING_URL");
        jar = required("FLING_EXAMPLES_JAR");
        required("KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void firstJobSucceededSoTheSecondRunsAndTheWorkflowCompletes() {
        String run = "sw-ok-" + shortId();
        String instance = start(run, launch("first", "dev.fling.examples.BoundedWordCount", run),
                launch("second", "dev.fling.examples.BoundedWordCount", run));

        await("the workflow instance completes").atMost(JOBS_END_WITHIN).pollInterval(Duration.ofSeconds(1))
                .until(() -> given().get("/flinkpipeline/" + instance).statusCode() == 404);

        List<Map<String, Object>> jobs = jobsOf(run);
        assertEquals(2, jobs.size(), "two jobs launched: " + jobs);
        Map<String, Object> first = jobs.get(0);
        Map<String, Object> second = jobs.get(1);
        assertTrue(((String) first.get("name")).startsWith("first-"), jobs.toString());
        assertTrue(((String) second.get("name")).startsWith("second-"), jobs.toString());
        assertEquals("succeeded", first.get("state"));
        assertEquals("succeeded", second.get("state"));
        assertTrue(!Instant.parse((String) second.get("acceptedAt")).isBefore(Instant.parse((String) first.get("endedAt"))),
                "the second job was launched after the first ended: " + jobs);
    }

    @Test
    void firstJobFailedSoTheWorkflowEndsInErrorWithFlinksRootCause() {
        String run = "sw-fail-" + shortId();
        String instance = start(run, launch("first", "dev.fling.examples.FailingJob", run, run),
                launch("second", "dev.fling.examples.BoundedWordCount", run));

        await("the workflow instance is in error").atMost(JOBS_END_WITHIN).pollInterval(Duration.ofSeconds(1))
                .until(() -> given().get("/management/processes/flinkpipeline/instances/" + instance + "/error")
                        .statusCode() == 200);
        given().get("/management/processes/flinkpipeline/instances/" + instance + "/error").then()
                .body("message", startsWith("first job first-"))
                .body("message", containsString("fling example failure: " + run));

        List<Map<String, Object>> jobs = jobsOf(run);
        assertEquals(1, jobs.size(), "the second job was never launched: " + jobs);
        assertEquals("failed", jobs.get(0).get("state"));
    }

    /** POST /flinkpipeline?businessKey=RUN; returns the instance's id. */
    private static String start(String run, Map<String, Object> first, Map<String, Object> second) {
        return given().contentType(ContentType.JSON).queryParam("businessKey", run)
                .body(Map.of("first", first, "second", second))
                .post("/flinkpipeline")
                .then().statusCode(201)
                .extract().path("id");
    }

    /** A launch's data, labelled with the test's run so that GET /jobs finds its jobs. */
    private static Map<String, Object> launch(String name, String entryClass, String run, String... args) {
        return Map.of("name", name, "jarURI", jar, "entryClass", entryClass, "args", List.of(args),
                "parallelism", 1, "labels", Map.of("example-run", run));
    }

    /** Fling's GET /jobs?label=example-run=RUN, oldest first. */
    private static List<Map<String, Object>> jobsOf(String run) {
        String body = given().baseUri(flingUrl).queryParam("label", "example-run=" + run).get("/jobs")
                .then().statusCode(200).extract().asString();
        return JsonPath.from(body).getList("jobs");
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static String required(String name) {
        return Optional.ofNullable(System.getProperty(name)).or(() -> Optional.ofNullable(System.getenv(name)))
                .orElseThrow(() -> new IllegalStateException(name + " is not set: these tests run against a running "
                        + "Fling and broker; start them with scripts/examples (from the repository's root)"));
    }
}
