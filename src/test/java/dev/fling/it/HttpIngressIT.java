package dev.fling.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fling.runtime.operator.model.FlinkDeployment;
import dev.fling.testing.EventLog;
import dev.fling.testing.FlingTestEnvironment;
import dev.fling.testing.Requests;
import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * CloudEvents over HTTP, sent by clients Fling did not write: the cloudevents-java HTTP binding
 * over the JDK's HTTP client, and raw requests (RestAssured) in structured and batch mode.
 */
@QuarkusTest
class HttpIngressIT extends WithRequestsAndEvents {

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Test
    void binaryLaunchFromTheSdksHttpBindingIsAcceptedWith202() throws Exception {
        CloudEvent launch = Requests.launch(Requests.launchData("name", "viahttp"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/"));
        HttpMessageFactory.createWriter(request::header,
                body -> request.POST(HttpRequest.BodyPublishers.ofByteArray(body))).writeBinary(launch);

        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).isEmpty();
        String job = Requests.jobName(launch, "viahttp");
        CloudEvent accepted = events.await(job, "dev.fling.job.accepted");
        assertThat(accepted.getExtension("correlationid")).isEqualTo(launch.getExtension("correlationid"));
        assertThat(FlingTestEnvironment.kubernetes().client().resources(FlinkDeployment.class)
                .inNamespace(FlingTestEnvironment.NAMESPACE).withName(job).get()).isNotNull();
    }

    @Test
    void structuredLaunchAskingForAReplyGets200WithTheAcceptedEvent() {
        CloudEvent launch = Requests.launch(Requests.launchData("name", "replied"));

        Response response = given().contentType("application/cloudevents+json; charset=utf-8")
                .body(Requests.structured(launch)).post("/?reply=true");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.header("ce-type")).isEqualTo("dev.fling.job.accepted");
        assertThat(response.header("ce-subject")).isEqualTo(Requests.jobName(launch, "replied"));
        assertThat(response.header("ce-flingrequestid")).isEqualTo(launch.getId());
        assertThat(response.jsonPath().getString("request")).isEqualTo("launch");
    }

    @Test
    void badInputGets400WithTheRejectedEventAndADeadLetter() throws Exception {
        String body = "{\"marker\":\"" + java.util.UUID.randomUUID() + "\"}";
        Response response = given().contentType("application/json").header("ce-specversion", "1.0")
                .header("ce-type", "dev.fling.job.launch").header("ce-source", "/tests").body(body).post("/");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.header("ce-type")).isEqualTo("dev.fling.job.rejected");
        assertThat(response.jsonPath().getString("reason")).isEqualTo("NOT_A_CLOUDEVENT");
        try (EventLog.Raw deadLetters = new EventLog.Raw(FlingTestEnvironment.kafka().bootstrapServers(),
                "fling.requests.dlq")) {
            var dead = deadLetters.await("the dead letter of the HTTP request",
                    r -> r.value() != null && new String(r.value(), java.nio.charset.StandardCharsets.UTF_8).equals(body));
            assertThat(new String(dead.headers().lastHeader("fling-dlq-original-topic").value(),
                    java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("http");
            assertThat(dead.headers().lastHeader("ce-type")).as("the request's own headers are kept").isNotNull();
        }
    }

    @Test
    void invalidLaunchGets400NamingTheFields() {
        CloudEvent launch = Requests.launch(Map.of("name", "nojar", "parallelism", 0));

        Response response = given().contentType("application/cloudevents+json").body(Requests.structured(launch)).post("/");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.jsonPath().getString("reason")).isEqualTo("INVALID_DATA");
        assertThat(response.jsonPath().getList("errors.field")).contains("/jarURI", "/parallelism");
    }

    @Test
    void batchReportsAnOutcomeForEachEvent() {
        CloudEvent good = Requests.launch(Requests.launchData("name", "batched"));
        CloudEvent bad = Requests.rescale("nosuch-0123456789", 2);
        String batch = "[" + Requests.structured(good) + "," + Requests.structured(bad) + "]";

        Response response = given().contentType("application/cloudevents-batch+json").body(batch).post("/");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonPath outcomes = response.jsonPath();
        assertThat(outcomes.getList("id")).containsExactly(good.getId(), bad.getId());
        assertThat(outcomes.getList("status", Integer.class)).containsExactly(202, 400);
        assertThat(outcomes.getString("[0].event.type")).isEqualTo("dev.fling.job.accepted");
        assertThat(outcomes.getString("[1].event.data.reason")).isEqualTo("UNKNOWN_JOB");
        events.await(Requests.jobName(good, "batched"), "dev.fling.job.accepted");
    }

    @Test
    void eventsWithAnEmptyRequiredAttributeAreNotCloudEventsInEveryMode() throws Exception {
        String marker = java.util.UUID.randomUUID().toString();
        String emptySource = withAttribute(Requests.structured(Requests.launch(Requests.launchData("name", marker))),
                "source", "");
        Response structured = given().contentType("application/cloudevents+json").body(emptySource).post("/");
        assertThat(structured.statusCode()).isEqualTo(400);
        assertThat(structured.jsonPath().getString("reason")).isEqualTo("NOT_A_CLOUDEVENT");
        assertThat(structured.jsonPath().getString("message")).contains("the required attribute source is empty");
        try (EventLog.Raw deadLetters = new EventLog.Raw(FlingTestEnvironment.kafka().bootstrapServers(),
                "fling.requests.dlq")) {
            var dead = deadLetters.await("the dead letter of the event with an empty source",
                    r -> r.value() != null && new String(r.value(), java.nio.charset.StandardCharsets.UTF_8).contains(marker));
            assertThat(new String(dead.headers().lastHeader("fling-dlq-reason").value(),
                    java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("NOT_A_CLOUDEVENT");
        }

        Response binary = given().contentType("application/json").header("ce-specversion", "1.0").header("ce-id", "")
                .header("ce-type", "dev.fling.job.launch").header("ce-source", "/tests")
                .body(Requests.json(Requests.launchData())).post("/");
        assertThat(binary.statusCode()).isEqualTo(400);
        assertThat(binary.jsonPath().getString("reason")).isEqualTo("NOT_A_CLOUDEVENT");
        assertThat(binary.jsonPath().getString("message")).contains("id");

        String noSpecVersion = withAttribute(Requests.structured(Requests.launch(Requests.launchData())),
                "specversion", null);
        Response missing = given().contentType("application/cloudevents+json").body(noSpecVersion).post("/");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.jsonPath().getString("reason")).isEqualTo("NOT_A_CLOUDEVENT");

        CloudEvent good = Requests.launch(Requests.launchData("name", "beside-empty-type"));
        String emptyType = withAttribute(Requests.structured(Requests.launch(Requests.launchData())), "type", "");
        Response batch = given().contentType("application/cloudevents-batch+json")
                .body("[" + emptyType + "," + Requests.structured(good) + "]").post("/");
        assertThat(batch.jsonPath().getList("status", Integer.class)).containsExactly(400, 202);
        assertThat(batch.jsonPath().getString("[0].event.data.reason")).isEqualTo("NOT_A_CLOUDEVENT");
        assertThat(batch.jsonPath().getString("[0].event.data.message")).contains("type");
    }

    /** A structured event with one attribute set to {@code value}, or removed when it is null. */
    private static String withAttribute(String structured, String name, String value) throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var event = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(structured);
        if (value == null) {
            event.remove(name);
        } else {
            event.put(name, value);
        }
        return event.toString();
    }

    @Test
    void aBatchOverTheEventLimitIsRefusedWholeWith413() {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 101; i++) {
            batch.append(i == 0 ? "" : ",").append(Requests.structured(Requests.launch(Requests.launchData())));
        }
        Response response = given().contentType("application/cloudevents-batch+json").body(batch + "]").post("/");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.asString()).contains("at most 100 events").contains("this one holds 101");
    }

    @Test
    void bodyAboveTheLimitGets413() {
        byte[] big = new byte[2 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) 'a');

        Response response = given().contentType("application/cloudevents+json").body(big).post("/");

        assertThat(response.statusCode()).isEqualTo(413);
    }

}
