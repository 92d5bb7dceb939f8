package dev.fling.it;

import static io.restassured.RestAssured.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import dev.fling.testing.EventLog;
import dev.fling.testing.FlingTestEnvironment;
import dev.fling.testing.Metrics;
import dev.fling.testing.RequestSender;
import dev.fling.testing.Requests;
import io.cloudevents.CloudEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** What an operator of Fling sees: readiness of each dependency, and the metrics. */
@QuarkusTest
@QuarkusTestResource(FlingTestEnvironment.class)
class ObservabilityIT {

    @Test
    void readinessReportsKafkaAndTheKubernetesApiUp() {
        Awaitility.await("ready").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                get("/q/health/ready").then().statusCode(200)
                        .body("checks.name", hasItems("kafka", "flink-runtime"))
                        .body("checks.find { it.name == 'flink-runtime' }.data.runtime", equalTo("operator")));
    }

    @Test
    void metricsCountRequestsByOutcomeEventsByTypeAndActiveJobs() throws Exception {
        double launches = Metrics.value("fling_requests_total", "type=\"launch\"", "outcome=\"accepted\"");
        double rejections = Metrics.value("fling_requests_total", "outcome=\"rejected\"");
        double started = Metrics.value("fling_lifecycle_events_total", "type=\"dev.fling.job.started\"");
        try (RequestSender requests = new RequestSender(FlingTestEnvironment.kafka().bootstrapServers());
                EventLog events = new EventLog(FlingTestEnvironment.kafka().bootstrapServers(), "fling.events")) {
            CloudEvent launch = Requests.launch(Requests.launchData("name", "counted"));
            requests.sendBinary(launch);
            requests.sendBinary(Requests.request("dev.fling.job.nonsense", java.util.Map.of()));
            events.await(Requests.jobName(launch, "counted"), "dev.fling.job.started");

            Awaitility.await("metrics move").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(Metrics.value("fling_requests_total", "type=\"launch\"", "outcome=\"accepted\""))
                        .isEqualTo(launches + 1);
                assertThat(Metrics.value("fling_requests_total", "outcome=\"rejected\"")).isEqualTo(rejections + 1);
                assertThat(Metrics.value("fling_lifecycle_events_total", "type=\"dev.fling.job.started\""))
                        .isEqualTo(started + 1);
                assertThat(Metrics.value("fling_jobs_active")).isGreaterThanOrEqualTo(1);
            });
        }
    }
}
