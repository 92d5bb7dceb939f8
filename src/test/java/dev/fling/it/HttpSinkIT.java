package dev.fling.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fling.testing.Metrics;
import dev.fling.testing.Requests;
import dev.fling.testing.SinkReceiver;
import io.cloudevents.CloudEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** With K_SINK set, lifecycle events also go to the sink; a failing sink never costs the Kafka copy. */
@QuarkusTest
@TestProfile(HttpSinkIT.WithSink.class)
class HttpSinkIT extends WithRequestsAndEvents {

    /** Fling with an HTTP sink (the receiver below). */
    public static class WithSink implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SinkReceiver.class));
        }
    }

    @Test
    void eventsReachTheSinkInBinaryModeWithOverridesApplied() {
        SinkReceiver.status = 202;
        CloudEvent launch = Requests.launch(Requests.launchData("name", "sunk"));
        requests.sendBinary(launch);
        CloudEvent accepted = events.await(Requests.jobName(launch, "sunk"), "dev.fling.job.accepted");

        SinkReceiver.Delivery delivery = Awaitility.await("the accepted event at the sink")
                .atMost(Duration.ofSeconds(30)).until(() -> SinkReceiver.RECEIVED.stream()
                        .filter(d -> accepted.getId().equals(d.headers().get("ce-id"))).findFirst(), o -> o.isPresent())
                .get();
        assertThat(delivery.headers()).containsEntry("ce-type", "dev.fling.job.accepted")
                .containsEntry("ce-cluster", "test-east")
                .containsEntry("ce-flingrequestid", launch.getId())
                .containsEntry("content-type", "application/json");
        assertThat(delivery.body()).contains("\"request\":\"launch\"");
    }

    @Test
    void failingSinkIsRetriedThenGivenUpWhileKafkaGetsEveryEvent() {
        SinkReceiver.status = 500;
        double dropped = Metrics.value("fling_sink_dropped_total", "why=\"undeliverable\"");
        CloudEvent launch = Requests.launch(Requests.launchData("name", "unsunk"));
        requests.sendBinary(launch);
        String job = Requests.jobName(launch, "unsunk");

        CloudEvent accepted = events.await(job, "dev.fling.job.accepted");
        events.await(job, "dev.fling.job.started");
        Awaitility.await("the sink gives up").atMost(Duration.ofSeconds(30)).until(() ->
                Metrics.value("fling_sink_dropped_total", "why=\"undeliverable\"") >= dropped + 1);
        assertThat(SinkReceiver.RECEIVED).filteredOn(d -> accepted.getId().equals(d.headers().get("ce-id")))
                .as("three attempts at the accepted event").hasSize(3);
        SinkReceiver.status = 202;
    }
}
