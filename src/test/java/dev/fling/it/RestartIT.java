package dev.fling.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fling.runtime.operator.model.FlinkDeployment;
import dev.fling.testing.FlingProcess;
import dev.fling.testing.RequestSender;
import dev.fling.testing.Requests;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Crash safety with the packaged build in its own process: a Fling killed with -9 and started
 * again follows the jobs it launched before, reports what happened while it was down once, and
 * picks up requests published meanwhile. Uses its own topics and namespace, so the in-JVM Fling of
 * the other tests does not see its traffic.
 */
class RestartIT extends AgainstPackagedFling {

    @Override
    String prefix() {
        return "restart";
    }

    @Test
    void restartedFlingFollowsEarlierJobsAndPicksUpRequestsSentWhileItWasDown() throws Exception {
        try (RequestSender requests = new RequestSender(kafka.bootstrapServers(), prefix() + ".requests")) {
            FlingProcess first = FlingProcess.start("restart-first", environment());
            first.awaitReady();
            CloudEvent before = Requests.launch(Requests.launchData("name", "before"));
            String beforeJob = Requests.jobName(before, "before");
            requests.sendBinary(before);
            events.await(beforeJob, "dev.fling.job.started");
            // Killed once it has recorded the start (killed in between, a restart may repeat it: at least once).
            Awaitility.await("the start is recorded").atMost(Duration.ofSeconds(10)).until(() -> kubernetes.client()
                    .resources(FlinkDeployment.class).inNamespace(namespace).withName(beforeJob).get()
                    .getMetadata().getAnnotations().getOrDefault("fling.dev/tracking", "").contains("RUNNING"));

            first.kill();
            kubernetes.operator().finish(namespace, beforeJob); // happens while nobody watches
            CloudEvent during = Requests.launch(Requests.launchData("name", "during"));
            String duringJob = Requests.jobName(during, "during");
            requests.sendBinary(during);

            try (FlingProcess second = FlingProcess.start("restart-second", environment())) {
                second.awaitReady();
                CloudEvent succeeded = events.await(beforeJob, "dev.fling.job.succeeded");
                events.await(duringJob, "dev.fling.job.started");

                assertThat(succeeded.getExtension("correlationid")).isEqualTo(before.getExtension("correlationid"));
                // At least once: a redelivered request may repeat an event, never with another id.
                // (a crash between publishing an event and recording it repeats that event, same id)
                assertThat(events.forJob(beforeJob).stream().map(CloudEvent::getId).distinct()).containsExactly(
                        namespace + "/" + beforeJob + "/accepted",
                        namespace + "/" + beforeJob + "/started/1",
                        namespace + "/" + beforeJob + "/succeeded");
                assertThat(events.forJob(duringJob)).extracting(CloudEvent::getId).containsExactly(
                        namespace + "/" + duringJob + "/accepted", namespace + "/" + duringJob + "/started/1");
                assertThat(kubernetes.client().resources(FlinkDeployment.class).inNamespace(namespace)
                        .withLabel("fling.dev/job", duringJob).list().getItems()).hasSize(1);
                // The query API answers from what the cluster holds: the history from before the restart is there.
                var answer = new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(second.get("/jobs/" + beforeJob).body());
                assertThat(answer.path("state").asText()).isEqualTo("succeeded");
                assertThat(answer.path("events").findValuesAsText("id")).containsExactly(
                        namespace + "/" + beforeJob + "/accepted",
                        namespace + "/" + beforeJob + "/started/1",
                        namespace + "/" + beforeJob + "/succeeded");
            }
        }
    }

    @Test
    void startsWithoutBrokerOrKubernetesApiAndReadinessSaysWhichIsMissing() throws Exception {
        Map<String, String> unreachable = new java.util.HashMap<>(environment());
        unreachable.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1");
        unreachable.put("QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL", "http://127.0.0.1:1");
        try (FlingProcess fling = FlingProcess.start("unreachable", unreachable)) {
            Awaitility.await("Fling answers its liveness probe").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200)).until(() -> fling.status("/q/health/live") == 200);
            Awaitility.await("readiness names the Kubernetes API").atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> {
                        var ready = fling.get("/q/health/ready");
                        assertThat(ready.statusCode()).isEqualTo(503);
                        assertThat(ready.body()).contains("flink-runtime").contains("cannot list FlinkDeployments");
                    });
            Awaitility.await("readiness names the broker too").atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(fling.get("/q/health/ready").body())
                            .contains("\"kafka\"").contains("cannot reach Kafka at 127.0.0.1:1"));
        }
    }
}
