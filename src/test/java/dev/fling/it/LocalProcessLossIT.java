package dev.fling.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fling.testing.EventLog;
import dev.fling.testing.FlingProcess;
import dev.fling.testing.KafkaBroker;
import dev.fling.testing.LocalClusters;
import dev.fling.testing.RequestSender;
import dev.fling.testing.Requests;
import io.cloudevents.CloudEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A Flink process of a running local job killed under it (what scripts/chaos --runtime local does
 * at random): a TaskManager is started again and the job carries on to its end; a JobManager ends
 * the job failed, once, and leaves no process. Real clusters for minutes: scripts/slow-tests.
 */
@Tag("slow")
class LocalProcessLossIT {

    private static final String WORK = Path.of("target", "local-process-loss-it", Long.toString(ProcessHandle.current().pid()))
            .toAbsolutePath().toString();
    private static final Duration CLUSTER_TIME = Duration.ofSeconds(120);

    @AfterAll
    static void stopLeftoverClusters() {
        LocalClusters.stopAllUnder(WORK);
    }

    private static Map<String, String> environment(KafkaBroker kafka) {
        Map<String, String> environment = FlingProcess.localEnvironment(kafka, WORK, "process-loss");
        environment.put("FLING_DEFAULTS_TTL_SECONDS_AFTER_FINISHED", "3");
        return environment;
    }

    @Test
    void aKilledTaskManagerIsStartedAgainAndTheJobRunsToItsEnd() throws Exception {
        withFling((requests, events) -> {
            // 2,000 records at 50 a second: 40 s of work, checkpointed every 2 s.
            CloudEvent launch = counter("tm", "2000");
            requests.sendBinary(launch);
            String job = Requests.jobName(launch, "tm");
            events.awaitWithin(job, "dev.fling.job.started", CLUSTER_TIME);
            long killed = LocalClusters.registryEntry(WORK, job).path("cluster").path("taskManagerPids").path(0).asLong();
            ProcessHandle.of(killed).orElseThrow().destroyForcibly();

            Awaitility.await("another TaskManager runs for " + job).atMost(Duration.ofSeconds(30)).until(() -> {
                JsonNode pids = LocalClusters.registryEntry(WORK, job).path("cluster").path("taskManagerPids");
                return pids.size() == 1 && pids.get(0).asLong() != killed
                        && ProcessHandle.of(pids.get(0).asLong()).map(ProcessHandle::isAlive).orElse(false);
            });
            // Without a TaskManager the restarted job would wait for slots until the adaptive scheduler
            // gives up (five minutes) and fail; with one it restores its checkpoint and finishes.
            events.awaitWithin(job, "dev.fling.job.succeeded", Duration.ofSeconds(180));
            assertThat(events.forJob(job)).extracting(CloudEvent::getType).doesNotContain("dev.fling.job.failed");
            Awaitility.await("no process of " + job + " after its time-to-live").atMost(Duration.ofSeconds(60))
                    .until(() -> LocalClusters.processesOf(job).isEmpty());
        });
    }

    @Test
    void aKilledJobManagerEndsItsJobFailedOnceAndLeavesNoProcess() throws Exception {
        withFling((requests, events) -> {
            CloudEvent launch = counter("jm", "100000");
            requests.sendBinary(launch);
            String job = Requests.jobName(launch, "jm");
            events.awaitWithin(job, "dev.fling.job.started", CLUSTER_TIME);
            long jobManager = LocalClusters.registryEntry(WORK, job).path("cluster").path("jobManagerPid").asLong();
            ProcessHandle.of(jobManager).orElseThrow().destroyForcibly();

            CloudEvent failed = events.awaitWithin(job, "dev.fling.job.failed", CLUSTER_TIME);
            assertThat(EventLog.data(failed).path("error").asText()).contains("JobManager");
            Awaitility.await("no process of " + job + " after its time-to-live").atMost(Duration.ofSeconds(60))
                    .until(() -> LocalClusters.processesOf(job).isEmpty());
            assertThat(events.forJob(job).stream().map(CloudEvent::getId).distinct()).containsExactly(
                    "default/" + job + "/accepted", "default/" + job + "/started/1", "default/" + job + "/failed");
        });
    }

    private interface Body {
        void run(RequestSender requests, EventLog events) throws Exception;
    }

    private static void withFling(Body body) throws Exception {
        KafkaBroker kafka = KafkaBroker.shared();
        kafka.createTopics(1, "process-loss.requests", "process-loss.events", "process-loss.dlq");
        try (RequestSender requests = new RequestSender(kafka.bootstrapServers(), "process-loss.requests");
                EventLog events = new EventLog(kafka.bootstrapServers(), "process-loss.events");
                FlingProcess fling = FlingProcess.start("local-process-loss", environment(kafka))) {
            fling.awaitReady();
            body.run(requests, events);
        }
    }

    private static CloudEvent counter(String name, String records) {
        return Requests.launch(Requests.launchData("name", name, "jarURI", LocalClusters.examplesJar(),
                "entryClass", "dev.fling.examples.StreamingCounter", "parallelism", 1,
                "args", List.of("--records", records, "--rate", "50")));
    }
}
