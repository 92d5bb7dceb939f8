package dev.fling.it;

import static dev.fling.testing.FlingTestEnvironment.NAMESPACE;
import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.fling.testing.FlingTestEnvironment;
import dev.fling.testing.Requests;
import io.cloudevents.CloudEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** GET /jobs and GET /jobs/{name}, as a poller (an Airflow sensor, a script) uses them. */
@QuarkusTest
class JobQueryIT extends WithRequestsAndEvents {

    private static String launch(String name, Map<String, String> labels, Object... more) {
        Object[] data = new Object[more.length + 4];
        data[0] = "name";
        data[1] = name;
        data[2] = "labels";
        data[3] = labels;
        System.arraycopy(more, 0, data, 4, more.length);
        CloudEvent launch = Requests.launch(Requests.launchData(data));
        requests.sendBinary(launch);
        String job = Requests.jobName(launch, name);
        events.await(job, "dev.fling.job.started");
        return job;
    }

    private static JsonPath job(String name) {
        return given().get("/jobs/{name}", name).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aJobShowsItsStateFlinkJobIdTimesAndTheEventsSoFar() {
        String job = launch("polled", Map.of("team", "data"), "parallelism", 2);

        JsonPath running = agreeingWithTheEventsTopic(job);
        assertThat(running.getString("name")).isEqualTo(job);
        assertThat(running.getString("namespace")).isEqualTo(NAMESPACE);
        assertThat(running.getString("state")).isEqualTo("running");
        assertThat(running.getInt("parallelism")).isEqualTo(2);
        assertThat(running.getString("flinkJobId")).matches("[0-9a-f]{32}");
        assertThat(running.getMap("labels")).isEqualTo(Map.of("team", "data"));
        assertThat(running.getString("requestSource")).isEqualTo(Requests.SOURCE);
        assertThat(Instant.parse(running.getString("startedAt"))).isAfterOrEqualTo(Instant.parse(running.getString("acceptedAt")));
        assertThat(running.getString("endedAt")).isNull();
        assertThat(running.getMap("requestExtensions")).containsKeys("correlationid", "traceparent");
        assertThat(running.getString("requestExtensions.correlationid")).startsWith("wf-");
        when().get("/jobs/{name}/runtime", job).then().statusCode(404)
                .body("error", equalTo("the operator runtime keeps nothing of job '" + job + "' beyond what GET /jobs/"
                        + job + " shows"));

        FlingTestEnvironment.kubernetes().operator().finish(NAMESPACE, job);
        events.await(job, "dev.fling.job.succeeded");

        JsonPath ended = agreeingWithTheEventsTopic(job);
        assertThat(ended.getString("state")).isEqualTo("succeeded");
        assertThat(ended.getString("endedAt")).isNotNull();
        assertThat(ended.getList("events.type")).containsExactly(
                "dev.fling.job.accepted", "dev.fling.job.started", "dev.fling.job.succeeded");
    }

    @Test
    void theLastErrorOfARetriedAttemptIsShown() {
        String job = launch("wobbly", Map.of(), "retry", Map.of("maxAttempts", 2, "backoffSeconds", 1));

        FlingTestEnvironment.kubernetes().operator().fail(NAMESPACE, job, "java.io.IOException: disk full");
        events.await("a second start of " + job, e -> job.equals(e.getSubject()) && e.getId().endsWith("/started/2"));

        JsonPath retried = job(job);
        assertThat(retried.getString("state")).isEqualTo("running");
        assertThat(retried.getInt("attempt")).isEqualTo(2);
        assertThat(retried.getString("lastError")).contains("java.io.IOException: disk full");
    }

    @Test
    void theListFiltersByStateLabelAndSource() {
        String a = launch("listed-a", Map.of("flow", "nightly", "team", "data"));
        String b = launch("listed-b", Map.of("flow", "hourly"));
        FlingTestEnvironment.kubernetes().operator().finish(NAMESPACE, b);
        events.await(b, "dev.fling.job.succeeded");

        assertThat(names(given().queryParam("label", "flow=nightly"))).containsExactly(a);
        assertThat(names(given().queryParam("label", "flow=nightly").queryParam("label", "team=ops"))).isEmpty();
        assertThat(names(given().queryParam("state", "succeeded").queryParam("label", "flow=hourly")))
                .containsExactly(b);
        assertThat(names(given().queryParam("state", "running,succeeded"))).contains(a, b);
        assertThat(names(given().queryParam("state", "running"))).contains(a).doesNotContain(b);
        assertThat(names(given().queryParam("source", Requests.SOURCE))).contains(a, b);
        assertThat(names(given().queryParam("source", "/somebody/else"))).isEmpty();
        // A summary leaves the event history to the answer about one job.
        assertThat(given().queryParam("label", "flow=nightly").get("/jobs").jsonPath().getList("jobs[0].events"))
                .isNull();
    }

    @Test
    void aFilterThatCannotBeReadIsA400ThatSaysWhy() {
        given().queryParam("state", "sleeping").get("/jobs").then().statusCode(400)
                .body("error", containsString("unknown state 'sleeping'"))
                .body("error", containsString("timed_out"));
        given().queryParam("label", "nokey").get("/jobs").then().statusCode(400)
                .body("error", containsString("key=value"));
    }

    @Test
    void anUnknownJobIsA404() {
        when().get("/jobs/{name}", "fling-0000000000").then().statusCode(404)
                .body("error", equalTo("no job named 'fling-0000000000'"));
    }

    @Test
    void openApiDescribesTheQueryApi() {
        JsonPath openapi = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath();
        assertThat(openapi.getMap("paths")).containsKeys("/jobs", "/jobs/{name}", "/jobs/{name}/runtime")
                .doesNotContainKeys("/ui", "/ui/");
        Map<String, Object> root = openapi.getMap("paths.'/'");
        assertThat(root.keySet()).as("the dashboard's redirect is not part of the API").contains("post")
                .doesNotContain("get");
        assertThat(openapi.getMap("components.schemas.Job.properties")).containsKeys("state", "flinkJobId", "events");
    }

    private static List<String> names(io.restassured.specification.RequestSpecification request) {
        return request.get("/jobs").then().statusCode(200).extract().jsonPath().getList("jobs.name");
    }

    /** The job once its event history lists exactly the ids a consumer of fling.events has seen. */
    private static JsonPath agreeingWithTheEventsTopic(String job) {
        return Awaitility.await("the query lists the events on fling.events").atMost(Duration.ofSeconds(5))
                .until(() -> job(job), answer -> answer.getList("events.id")
                        .equals(events.forJob(job).stream().map(CloudEvent::getId).toList()));
    }
}
