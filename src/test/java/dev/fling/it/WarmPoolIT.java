package dev.fling.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fling.testing.EventLog;
import dev.fling.testing.FlingProcess;
import dev.fling.testing.KafkaBroker;
import dev.fling.testing.LocalClusters;
import dev.fling.testing.RequestSender;
import dev.fling.testing.Requests;
import dev.fling.testing.WarmPools;
import io.cloudevents.CloudEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The local warm pool with real Flink processes, against the packaged Fling (two places, a pool of
 * one): launches that fit take a pooled cluster and behave like any other job, the pool refills,
 * a job Flink refuses costs its pooled cluster, and a crash of Fling loses neither the warm job
 * nor the pool. The methods share one Fling, in order.
 */
@Tag("slow") // scripts/slow-tests: real clusters for a minute or more each; beyond CI's 20 minutes
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WarmPoolIT {

    private static final String WORK = Path.of("target", "warm-pool-it", Long.toString(ProcessHandle.current().pid()))
            .toAbsolutePath().toString();
    private static final Duration CLUSTER_TIME = Duration.ofSeconds(120);

    private static KafkaBroker kafka;
    private static RequestSender requests;
    private static EventLog events;
    private static FlingProcess fling;

    @BeforeAll
    static void startFling() throws Exception {
        kafka = KafkaBroker.shared();
        kafka.createTopics(1, "warm-pool.requests", "warm-pool.events", "warm-pool.dlq");
        requests = new RequestSender(kafka.bootstrapServers(), "warm-pool.requests");
        events = new EventLog(kafka.bootstrapServers(), "warm-pool.events");
        fling = FlingProcess.start("warm-pool-first", environment());
        fling.awaitReady();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (fling != null) {
            fling.close();
        }
        requests.close();
        events.close();
        LocalClusters.stopAllUnder(WORK);
    }

    private static Map<String, String> environment() {
        return Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "FLING_RUNTIME", "local",
                "FLING_LOCAL_WORK_DIRECTORY", WORK,
                "FLING_LOCAL_POLL_INTERVAL", "300ms",
                "FLING_LOCAL_MAX_CLUSTERS", "2",
                "FLING_LOCAL_WARM_POOL_SIZE", "1",
                "FLING_REQUESTS_TOPIC", "warm-pool.requests",
                "FLING_EVENTS_TOPIC", "warm-pool.events",
                "FLING_DEAD_LETTER_TOPIC", "warm-pool.dlq",
                "FLING_CONSUMER_GROUP", "warm-pool-it");
    }

    @Test
    @Order(1)
    void aLaunchThatFitsRunsOnAPooledClusterSucceedsAndThePoolRefills() {
        String pooled = awaitOneReadyPooledCluster();
        assertThat(WarmPools.entries(WORK)).as("ready only after Fling's warm-up job ran on it").anySatisfy(entry -> {
            assertThat(entry.path("id").asText()).isEqualTo(pooled);
            assertThat(entry.path("warmUpJobId").asText()).hasSize(32);
            assertThat(entry.path("warmedUp").asBoolean()).isTrue();
        });
        String job = launch("wordcount", "BoundedWordCount");

        JsonNode started = EventLog.data(events.awaitWithin(job, "dev.fling.job.started", CLUSTER_TIME));
        events.awaitWithin(job, "dev.fling.job.succeeded", CLUSTER_TIME);

        assertThat(started.path("start").asText()).isEqualTo("warm");
        assertThat(started.path("phases").path("cluster").asLong()).as("a pooled cluster is ready already")
                .isZero();
        assertThat(started.path("phases").has("submitted")).isTrue();
        assertThat(started.path("phases").has("running")).isTrue();
        String directory = LocalClusters.registryEntry(WORK, job).path("cluster").path("directory").asText();
        assertThat(directory).endsWith("/pool/" + pooled);
        Awaitility.await("the pooled cluster is taken down after its one job").atMost(Duration.ofSeconds(30))
                .until(() -> WarmPools.processesIn(directory).isEmpty());
        String refilled = awaitOneReadyPooledCluster();
        assertThat(refilled).as("a new cluster, not the used one").isNotEqualTo(pooled);
        assertThat(events.types(job)).containsExactly(
                "dev.fling.job.accepted", "dev.fling.job.started", "dev.fling.job.succeeded");
        assertThat(events.schemaViolations()).isEmpty();
    }

    @Test
    @Order(2)
    void aJobFlinkRefusesOnAPooledClusterFailsWithFlinksCauseAndTheClusterIsReplaced() {
        String pooled = awaitOneReadyPooledCluster();
        String job = launch("no-class", "NotInTheJar");

        CloudEvent failed = events.awaitWithin(job, "dev.fling.job.failed", CLUSTER_TIME);

        assertThat(EventLog.data(failed).path("error").asText()).contains("dev.fling.examples.NotInTheJar");
        Awaitility.await("the pooled cluster that failed its job is gone").atMost(Duration.ofSeconds(30))
                .until(() -> WarmPools.processesIn("/pool/" + pooled + "/").isEmpty());
        assertThat(awaitOneReadyPooledCluster()).as("replaced, never reused").isNotEqualTo(pooled);
        assertThat(events.types(job)).containsExactly("dev.fling.job.accepted", "dev.fling.job.failed");
    }

    @Test
    @Order(3)
    void aWarmJobRescalesInPlaceTakesASavepointAndStopsWithOne() {
        awaitOneReadyPooledCluster();
        String job = launch("counter", "StreamingCounter");
        assertThat(EventLog.data(events.awaitWithin(job, "dev.fling.job.started", CLUSTER_TIME)).path("start").asText())
                .isEqualTo("warm");

        requests.sendBinary(Requests.rescale(job, 2));
        JsonNode rescaled = EventLog.data(events.awaitWithin(job, "dev.fling.job.rescaled", CLUSTER_TIME));
        requests.sendBinary(Requests.savepoint(job));
        JsonNode savepoint = EventLog.data(events.awaitWithin(job, "dev.fling.job.savepoint.completed", CLUSTER_TIME));
        requests.sendBinary(Requests.cancel(job, true));
        JsonNode cancelled = EventLog.data(events.awaitWithin(job, "dev.fling.job.cancelled", CLUSTER_TIME));

        assertThat(rescaled.path("method").asText()).isEqualTo("in-place");
        assertThat(rescaled.path("to").asInt()).isEqualTo(2);
        assertThat(Path.of(java.net.URI.create(savepoint.path("path").asText()))).isDirectory();
        assertThat(Path.of(java.net.URI.create(cancelled.path("savepointPath").asText()))).isDirectory();
        assertThat(cancelled.path("reason").asText()).isEqualTo("requested");
    }

    @Test
    @Order(4)
    void aRestartedFlingReattachesItsWarmJobAndKeepsThePoolWhole() throws Exception {
        awaitOneReadyPooledCluster();
        String job = launch("survivor", "StreamingCounter");
        JsonNode started = EventLog.data(events.awaitWithin(job, "dev.fling.job.started", CLUSTER_TIME));
        assertThat(started.path("start").asText()).isEqualTo("warm");
        String pooled = awaitOneReadyPooledCluster();

        fling.kill();
        fling = FlingProcess.start("warm-pool-second", environment());
        fling.awaitReady();

        assertThat(WarmPools.ready(WORK)).as("the pooled cluster was kept").containsExactly(pooled);
        requests.sendBinary(Requests.cancel(job, false));
        events.awaitWithin(job, "dev.fling.job.cancelled", CLUSTER_TIME);
        JsonNode entry = LocalClusters.registryEntry(WORK, job);
        assertThat(entry.path("attempt").asInt()).as("re-attached, not relaunched").isEqualTo(1);
        assertThat(entry.path("cluster").path("flinkJobId").asText()).isEqualTo(started.path("flinkJobId").asText());
        assertThat(events.forJob(job)).filteredOn(e -> e.getType().endsWith(".started")).hasSize(1);
        String directory = entry.path("cluster").path("directory").asText();
        Awaitility.await("the warm job's cluster is gone after the cancel").atMost(Duration.ofSeconds(30))
                .until(() -> WarmPools.processesIn(directory).isEmpty());
        List<ProcessHandle> left = WarmPools.processesIn(WORK);
        assertThat(left).as("only the pooled cluster's JobManager and TaskManager are left").hasSize(2)
                .allMatch(p -> p.info().commandLine().orElse("").contains("/pool/" + pooled + "/"));
        assertThat(Files.exists(Path.of(WORK, "pool", pooled + ".json"))).isTrue();
    }

    private static String launch(String name, String entryClass) {
        CloudEvent launch = Requests.launch(Requests.launchData("name", name, "jarURI", LocalClusters.examplesJar(),
                "entryClass", "dev.fling.examples." + entryClass));
        requests.sendBinary(launch);
        return Requests.jobName(launch, name);
    }

    /** Waits until the pool holds exactly one cluster and it is ready; returns its id. */
    private static String awaitOneReadyPooledCluster() {
        Awaitility.await("one pooled cluster is ready").atMost(CLUSTER_TIME).pollInterval(Duration.ofMillis(200))
                .until(() -> WarmPools.entries(WORK).size() == 1 && WarmPools.ready(WORK).size() == 1);
        return WarmPools.ready(WORK).get(0);
    }
}
