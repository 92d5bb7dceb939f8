package dev.fling.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.runtime.operator.model.FlinkDeployment;
import dev.fling.testing.FlingProcess;
import dev.fling.testing.RequestSender;
import dev.fling.testing.Requests;
import io.cloudevents.CloudEvent;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the packaged build side by side, as the Kubernetes manifests run them: both
 * take requests, only the holder of the Lease reports transitions and runs the timers, and when the
 * leader dies the other takes over without losing or repeating a transition.
 */
class HighAvailabilityIT extends AgainstPackagedFling {

    private final ObjectMapper JSON = new ObjectMapper();

    @Override
    String prefix() {
        return "ha";
    }

    private Map<String, String> instance(String identity) {
        Map<String, String> environment = environment();
        environment.putAll(Map.of(
                "FLING_HA_ENABLED", "true",
                "FLING_HA_namespace", namespace,
                "FLING_HA_IDENTITY", identity,
                "FLING_HA_LEASE_DURATION", "4s",
                "FLING_HA_RENEW_DEADLINE", "3s",
                "FLING_HA_RETRY_PERIOD", "500ms"));
        return environment;
    }

    @Test
    void eachTransitionIsReportedOnceAndALeaderHandoverLosesNothing() throws Exception {
        FlingProcess a = FlingProcess.start("ha-a", instance("ha-a"));
        FlingProcess b = null;
        try (RequestSender requests = new RequestSender(kafka.bootstrapServers(), prefix() + ".requests")) {
            a.awaitReady();
            awaitLeader("ha-a"); // the second starts once the first leads, so that the test knows whom to kill
            b = FlingProcess.start("ha-b", instance("ha-b"));
            b.awaitReady();
            List<String> jobs = new ArrayList<>();
            List<CloudEvent> launches = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                launches.add(Requests.launch(Requests.launchData("name", "ha" + i,
                        "ttlSecondsAfterFinished", i == 1 ? 2 : 3600)));
                requests.sendBinary(launches.get(i - 1));
                jobs.add(Requests.jobName(launches.get(i - 1), "ha" + i));
            }
            jobs.forEach(job -> events.await(job, "dev.fling.job.started"));
            jobs.forEach(this::awaitStartRecorded);
            // Each launch delivered again, to both instances: whichever did not take it first finds
            // the job and its recorded accepted event, and repeats nothing.
            for (CloudEvent launch : launches) {
                for (FlingProcess instance : List.of(a, b)) {
                    assertThat(instance.post("/", "application/cloudevents+json", Requests.structured(launch))
                            .statusCode()).isEqualTo(202);
                }
            }
            assertThat(repeatedIds()).as("two instances, every event once").isEmpty();
            // The follower answers queries from the same records.
            assertThat(job(b, jobs.get(0)).path("state").asText()).isEqualTo("running");

            a.kill(); // the leader dies without handing over
            kubernetes.operator().finish(namespace, jobs.get(0));
            kubernetes.operator().finish(namespace, jobs.get(1));
            CloudEvent cancel = Requests.cancel(jobs.get(2), false);
            requests.sendBinary(cancel);
            String later = launch(requests, "ha5", 3600);

            awaitLeader("ha-b");
            events.await(jobs.get(0), "dev.fling.job.succeeded");
            events.await(jobs.get(1), "dev.fling.job.succeeded");
            events.await(jobs.get(2), "dev.fling.job.cancelled");
            events.await(later, "dev.fling.job.started");
            kubernetes.operator().finish(namespace, jobs.get(3));
            events.await(jobs.get(3), "dev.fling.job.succeeded");

            for (String job : List.of(jobs.get(0), jobs.get(1), jobs.get(3))) {
                assertThat(ids(job)).containsExactly(id(job, "accepted"), id(job, "started/1"), id(job, "succeeded"));
            }
            assertThat(ids(jobs.get(2))).containsExactly(id(jobs.get(2), "accepted"), id(jobs.get(2), "started/1"),
                    id(jobs.get(2), "accepted/cancel/" + Requests.key(cancel)), id(jobs.get(2), "cancelled"));
            assertThat(ids(later)).containsExactly(id(later, "accepted"), id(later, "started/1"));
            assertThat(repeatedIds()).as("after the handover, every event still once").isEmpty();
            // Time-to-live is the new leader's too: the first job (2 s) is deleted.
            Awaitility.await("the first job is deleted after its time-to-live").atMost(Duration.ofSeconds(15))
                    .until(() -> deployment(jobs.get(0)) == null);
            // The history the query API shows is what went out, whichever instance sent each event.
            for (String job : List.of(jobs.get(1), jobs.get(2), jobs.get(3), later)) {
                assertThat(job(b, job).path("events").findValuesAsText("id")).as(job)
                        .containsExactlyElementsOf(ids(job).stream().filter(id -> !id.contains("/accepted/")).toList());
            }
        } finally {
            a.kill();
            if (b != null) {
                b.close();
            }
        }
    }

    private String launch(RequestSender requests, String name, int ttlSeconds) {
        CloudEvent launch = Requests.launch(Requests.launchData("name", name, "ttlSecondsAfterFinished", ttlSeconds));
        requests.sendBinary(launch);
        return Requests.jobName(launch, name);
    }

    private void awaitLeader(String identity) {
        Awaitility.await(identity + " holds the lease").atMost(Duration.ofSeconds(30)).until(() -> {
            Lease lease = kubernetes.client().resources(Lease.class).inNamespace(namespace).withName("fling-leader").get();
            return lease != null && identity.equals(lease.getSpec().getHolderIdentity());
        });
    }

    private void awaitStartRecorded(String job) {
        Awaitility.await("the start of " + job + " is recorded").atMost(Duration.ofSeconds(10))
                .until(() -> deployment(job).getMetadata().getAnnotations()
                        .getOrDefault("fling.dev/tracking", "").contains("RUNNING"));
    }

    private FlinkDeployment deployment(String job) {
        return kubernetes.client().resources(FlinkDeployment.class).inNamespace(namespace).withName(job).get();
    }

    private JsonNode job(FlingProcess fling, String job) throws IOException {
        return JSON.readTree(fling.get("/jobs/" + job).body());
    }

    private List<String> ids(String job) {
        return events.forJob(job).stream().map(CloudEvent::getId).toList();
    }

    private List<String> repeatedIds() {
        Map<String, Long> counts = events.records().stream()
                .collect(Collectors.groupingBy(r -> r.value().getId(), Collectors.counting()));
        return counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
    }

    private String id(String job, String transition) {
        return namespace + "/" + job + "/" + transition;
    }
}
