package dev.fling.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fling.testing.EventLog;
import dev.fling.testing.FlingProcess;
import dev.fling.testing.KafkaBroker;
import dev.fling.testing.LocalClusters;
import dev.fling.testing.RequestSender;
import dev.fling.testing.Requests;
import io.cloudevents.CloudEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The local runtime across a crash of Fling (the packaged build, killed with -9): clusters that
 * kept running are re-attached and can still be steered; a cluster whose processes vanished
 * meanwhile is reported failed, once; nothing is launched twice.
 */
class LocalRestartIT {

    private static final String WORK = Path.of("target", "local-restart-it", Long.toString(ProcessHandle.current().pid()))
            .toAbsolutePath().toString();
    private static final Duration CLUSTER_TIME = Duration.ofSeconds(90);

    @AfterAll
    static void stopLeftoverClusters() {
        LocalClusters.stopAllUnder(WORK);
    }

    private static Map<String, String> environment(KafkaBroker kafka) {
        return FlingProcess.localEnvironment(kafka, WORK, "local-restart");
    }

    @Test
    void restartedFlingReattachesToRunningClustersAndReportsVanishedOnesFailedOnce() throws Exception {
        KafkaBroker kafka = KafkaBroker.shared();
        kafka.createTopics(1, "local-restart.requests", "local-restart.events", "local-restart.dlq");
        try (RequestSender requests = new RequestSender(kafka.bootstrapServers(), "local-restart.requests");
                EventLog events = new EventLog(kafka.bootstrapServers(), "local-restart.events")) {
            FlingProcess first = FlingProcess.start("local-restart-first", environment(kafka));
            first.awaitReady();
            CloudEvent survivor = streamingCounter("survivor");
            CloudEvent victim = streamingCounter("victim");
            requests.sendBinary(survivor);
            requests.sendBinary(victim);
            String survivorJob = Requests.jobName(survivor, "survivor");
            String victimJob = Requests.jobName(victim, "victim");
            String flinkJobId = EventLog.data(events.awaitWithin(survivorJob, "dev.fling.job.started", CLUSTER_TIME))
                    .path("flinkJobId").asText();
            events.awaitWithin(victimJob, "dev.fling.job.started", CLUSTER_TIME);

            first.kill();
            LocalClusters.processesOf(victimJob).forEach(ProcessHandle::destroyForcibly);
            Awaitility.await("the victim's processes are gone while Fling is down").atMost(Duration.ofSeconds(30))
                    .until(() -> LocalClusters.processesOf(victimJob).isEmpty());

            try (FlingProcess second = FlingProcess.start("local-restart-second", environment(kafka))) {
                second.awaitReady();
                CloudEvent failed = events.awaitWithin(victimJob, "dev.fling.job.failed", CLUSTER_TIME);
                assertThat(EventLog.data(failed).path("error").asText()).contains("gone");

                requests.sendBinary(Requests.cancel(survivorJob, false));
                CloudEvent cancelled = events.awaitWithin(survivorJob, "dev.fling.job.cancelled", CLUSTER_TIME);
                assertThat(cancelled.getExtension("correlationid")).isNotNull();
                var entry = LocalClusters.registryEntry(WORK, survivorJob);
                assertThat(entry.path("attempt").asInt()).as("re-attached, not relaunched").isEqualTo(1);
                assertThat(entry.path("cluster").path("flinkJobId").asText()).isEqualTo(flinkJobId);

                assertThat(events.forJob(victimJob).stream().map(CloudEvent::getId).distinct()).containsExactly(
                        "default/" + victimJob + "/accepted", "default/" + victimJob + "/started/1",
                        "default/" + victimJob + "/failed");
                assertThat(events.forJob(survivorJob).stream().map(CloudEvent::getType).distinct()).containsExactly(
                        "dev.fling.job.accepted", "dev.fling.job.started", "dev.fling.job.cancelled");
                assertThat(events.forJob(survivorJob)).filteredOn(e -> e.getType().endsWith(".started"))
                        .extracting(CloudEvent::getId).containsOnly("default/" + survivorJob + "/started/1");
                Awaitility.await("the survivor's cluster is gone after the cancel").atMost(Duration.ofSeconds(30))
                        .until(() -> LocalClusters.processesOf(survivorJob).isEmpty());
            }
        }
    }

    private static CloudEvent streamingCounter(String name) {
        return Requests.launch(Requests.launchData("name", name, "jarURI", LocalClusters.examplesJar(),
                "entryClass", "dev.fling.examples.StreamingCounter"));
    }
}
