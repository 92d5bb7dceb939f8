package dev.fling.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.testing.EventLog;
import dev.fling.testing.FlingProcess;
import dev.fling.testing.KafkaBroker;
import dev.fling.testing.LocalClusters;
import dev.fling.testing.RequestSender;
import dev.fling.testing.Requests;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The queue on the local runtime with real clusters, one at a time ({@code max-clusters} 1), two
 * tenants, and the packaged build killed with -9 while three launches wait: the restarted Fling
 * reads the same queue from the registry (team-a runs nothing while team-b's holder runs: its
 * launches first, by priority; then, with both at zero, by priority and arrival) and starts each
 * once, in that order; a job cannot be cancelled by another tenant.
 */
class LocalQueueIT {

    private static final String WORK = Path.of("target", "local-queue-it", Long.toString(ProcessHandle.current().pid()))
            .toAbsolutePath().toString();
    private static final Duration CLUSTER_TIME = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterAll
    static void stopLeftoverClusters() {
        LocalClusters.stopAllUnder(WORK);
    }

    private static Map<String, String> environment(KafkaBroker kafka) {
        return Map.ofEntries(
                Map.entry("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers()),
                Map.entry("FLING_RUNTIME", "local"),
                Map.entry("FLING_LOCAL_WORK_DIRECTORY", WORK),
                Map.entry("FLING_LOCAL_MAX_CLUSTERS", "1"),
                Map.entry("FLING_LOCAL_POLL_INTERVAL", "300ms"),
                Map.entry("FLING_LOCAL_WARM_POOL_SIZE", "0"), // the cold path: WarmPoolIT covers the warm one
                Map.entry("FLING_TENANTS_TEAMA_SOURCES", "/team-a/*"),
                Map.entry("FLING_TENANTS_TEAMB_SOURCES", "/team-b/*"),
                Map.entry("FLING_REQUESTS_TOPIC", "local-queue.requests"),
                Map.entry("FLING_EVENTS_TOPIC", "local-queue.events"),
                Map.entry("FLING_DEAD_LETTER_TOPIC", "local-queue.dlq"),
                Map.entry("FLING_CONSUMER_GROUP", "local-queue-it"),
                Map.entry("FLING_KAFKA_SESSION_TIMEOUT_MS", "6000"));
    }

    @Test
    void aRestartedFlingKeepsTheQueueItsOrderAndStartsEachJobOnce() throws Exception {
        KafkaBroker kafka = KafkaBroker.shared();
        kafka.createTopics(1, "local-queue.requests", "local-queue.events", "local-queue.dlq");
        try (RequestSender requests = new RequestSender(kafka.bootstrapServers(), "local-queue.requests");
                EventLog events = new EventLog(kafka.bootstrapServers(), "local-queue.events")) {
            String holder;
            String low;
            String high;
            String other;
            FlingProcess first = FlingProcess.start("local-queue-first", environment(kafka));
            try {
                first.awaitReady();
                holder = launch(requests, events, "/team-b/etl", "holder", "StreamingCounter");
                events.awaitWithin(holder, "dev.fling.job.started", CLUSTER_TIME);
                low = launch(requests, events, "/team-a/etl", "low", "BoundedWordCount");
                high = launch(requests, events, "/team-a/etl", "high", "BoundedWordCount", "priority", 5);
                other = launch(requests, events, "/team-b/etl", "other", "BoundedWordCount");
                for (String job : List.of(low, high, other)) {
                    events.await(job, "dev.fling.job.pending");
                }
                assertThat(EventLog.data(events.await(other, "dev.fling.job.pending")).path("reason").asText())
                        .contains("1 local clusters");
            } finally {
                first.kill();
            }

            try (FlingProcess second = FlingProcess.start("local-queue-second", environment(kafka))) {
                second.awaitReady();
                Awaitility.await("the queue read back from the registry").atMost(Duration.ofSeconds(20))
                        .untilAsserted(() -> assertThat(JSON.readTree(second.get("/jobs?state=pending").body())
                                .path("jobs").findValuesAsText("name")).containsExactly(high, low, other));

                requests.sendBinary(CloudEventBuilder.v1(Requests.cancel(holder, false))
                        .withSource(URI.create("/team-a/etl")).build());
                assertThat(EventLog.data(events.await(holder, "dev.fling.job.rejected")).path("message").asText())
                        .contains("belongs to tenant 'teamb'");
                requests.sendBinary(CloudEventBuilder.v1(Requests.cancel(holder, false))
                        .withSource(URI.create("/team-b/etl")).build());
                events.awaitWithin(holder, "dev.fling.job.cancelled", CLUSTER_TIME);

                events.awaitWithin(high, "dev.fling.job.succeeded", CLUSTER_TIME);
                events.awaitWithin(low, "dev.fling.job.succeeded", CLUSTER_TIME);
                events.awaitWithin(other, "dev.fling.job.succeeded", CLUSTER_TIME);
            }
            List<String> startedInOrder = events.records().stream().map(r -> r.value())
                    .filter(e -> e.getType().equals("dev.fling.job.started")).map(CloudEvent::getSubject)
                    .distinct().toList();
            assertThat(startedInOrder).containsExactly(holder, high, low, other);
            for (String job : List.of(other, high, low)) {
                assertThat(events.forJob(job).stream().map(CloudEvent::getId).distinct()).as(job).containsExactly(
                        "default/" + job + "/accepted", "default/" + job + "/pending", "default/" + job + "/started/1",
                        "default/" + job + "/succeeded");
                assertThat(LocalClusters.registryEntry(WORK, job).path("attempt").asInt()).isEqualTo(1);
            }
        }
    }

    private static String launch(RequestSender requests, EventLog events, String source, String name,
            String entryClass, Object... more) {
        Object[] data = new Object[more.length + 6];
        data[0] = "name";
        data[1] = name;
        data[2] = "jarURI";
        data[3] = LocalClusters.examplesJar();
        data[4] = "entryClass";
        data[5] = "dev.fling.examples." + entryClass;
        System.arraycopy(more, 0, data, 6, more.length);
        CloudEvent launch = CloudEventBuilder.v1(Requests.launch(Requests.launchData(data)))
                .withSource(URI.create(source)).build();
        requests.sendBinary(launch);
        String job = Requests.jobName(launch, name);
        events.await(job, "dev.fling.job.accepted");
        return job;
    }
}
