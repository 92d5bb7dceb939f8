package dev.fling.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fling.runtime.operator.model.FlinkDeployment;
import dev.fling.runtime.operator.model.FlinkSessionJob;
import dev.fling.testing.CrdSchema;
import dev.fling.testing.EventLog;
import dev.fling.testing.FlingProcess;
import dev.fling.testing.RequestSender;
import dev.fling.testing.Requests;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The operator runtime's warm pool against the mock API server and the testing operator, with
 * the packaged build: a launch that fits becomes a FlinkSessionJob on a ready pooled session
 * deployment, which is the job's from then on and deleted with it; the pool refills; a launch
 * that does not fit goes cold; a restarted Fling keeps its pool.
 */
class OperatorWarmPoolIT extends AgainstPackagedFling {

    private static final String HTTP_JAR = "https://jars.example.org/flink/TopSpeedWindowing.jar";

    @Override
    String prefix() {
        return "opwarm";
    }

    private Map<String, String> withPool() {
        Map<String, String> environment = environment();
        environment.put("FLING_OPERATOR_WARM_POOL_SIZE", "1");
        return environment;
    }

    @Test
    void aWarmLaunchRunsAsASessionJobOnAPooledDeploymentWhichGoesWithItAndThePoolRefills() throws Exception {
        try (RequestSender requests = new RequestSender(kafka.bootstrapServers(), prefix() + ".requests");
                FlingProcess fling = FlingProcess.start("opwarm-pool", withPool())) {
            fling.awaitReady();
            FlinkDeployment pooled = awaitReadyPooled(List.of());
            assertThat(pooled.getSpec().job).as("a session cluster runs no job of its own").isNull();
            assertThat(CrdSchema.violations(pooled)).isEmpty();

            CloudEvent launch = Requests.launch(Requests.launchData("name", "warm", "jarURI", HTTP_JAR,
                    "ttlSecondsAfterFinished", 1));
            String job = Requests.jobName(launch, "warm");
            requests.sendBinary(launch);
            JsonNode started = EventLog.data(events.await(job, "dev.fling.job.started"));

            assertThat(started.path("start").asText()).isEqualTo("warm");
            assertThat(started.path("phases").has("queued")).isTrue();
            assertThat(started.path("phases").has("running")).isTrue();
            FlinkSessionJob sessionJob = sessionJob(job);
            assertThat(sessionJob.getSpec().deploymentName).isEqualTo(pooled.getMetadata().getName());
            assertThat(sessionJob.getSpec().job.jarURI).isEqualTo(HTTP_JAR);
            assertThat(CrdSchema.violations(sessionJob)).isEmpty();
            assertThat(kubernetes.client().resources(FlinkDeployment.class).inNamespace(namespace).withName(job).get())
                    .as("no FlinkDeployment of the job's own").isNull();
            FlinkDeployment taken = deployment(pooled.getMetadata().getName());
            assertThat(taken.getMetadata().getLabels()).containsEntry("fling.dev/pool", "taken")
                    .containsEntry("fling.dev/job", job);
            assertThat(taken.getMetadata().getAnnotations()).containsEntry("fling.dev/request-id", launch.getId());

            // Commands are the FlinkDeployment's merge patches, sent to the session job.
            requests.sendBinary(Requests.savepoint(job));
            JsonNode savepoint = EventLog.data(events.await(job, "dev.fling.job.savepoint.completed"));
            assertThat(savepoint.path("path").asText()).startsWith("file:///flink-data/savepoints/" + job + "/");
            assertThat(sessionJob(job).getSpec().job.savepointTriggerNonce).isNotNull();
            requests.sendBinary(Requests.rescale(job, 2));
            JsonNode rescaled = EventLog.data(events.await(job, "dev.fling.job.rescaled"));
            assertThat(rescaled.path("to").asInt()).isEqualTo(2);
            assertThat(sessionJob(job).getSpec().job.parallelism).isEqualTo(2);
            assertThat(sessionJob(job).getSpec().deploymentName).isEqualTo(pooled.getMetadata().getName());

            FlinkDeployment refilled = awaitReadyPooled(List.of(pooled.getMetadata().getName()));

            CloudEvent cold = Requests.launch(Requests.launchData("name", "cold"));
            String coldJob = Requests.jobName(cold, "cold");
            requests.sendBinary(cold);
            JsonNode coldStarted = EventLog.data(events.await(coldJob, "dev.fling.job.started"));
            assertThat(coldStarted.path("start").asText()).as("a local:// jar cannot be fetched by the operator")
                    .isEqualTo("cold");
            assertThat(kubernetes.client().resources(FlinkDeployment.class).inNamespace(namespace).withName(coldJob)
                    .get()).isNotNull();
            assertThat(deployment(refilled.getMetadata().getName()).getMetadata().getLabels())
                    .as("the cold launch left the pool alone").containsEntry("fling.dev/pool", "idle");

            kubernetes.operator().finish(namespace, job);
            events.await(job, "dev.fling.job.succeeded");
            Awaitility.await("the session job and its deployment are deleted after the TTL")
                    .atMost(Duration.ofSeconds(20)).until(() -> sessionJobOrNull(job) == null
                            && deploymentOrNull(pooled.getMetadata().getName()) == null);

            CloudEvent failing = Requests.launch(Requests.launchData("name", "failing", "jarURI", HTTP_JAR));
            String failingJob = Requests.jobName(failing, "failing");
            requests.sendBinary(failing);
            assertThat(EventLog.data(events.await(failingJob, "dev.fling.job.started")).path("start").asText())
                    .isEqualTo("warm");
            assertThat(sessionJob(failingJob).getSpec().deploymentName).isEqualTo(refilled.getMetadata().getName());
            kubernetes.operator().fail(namespace, failingJob, "java.lang.IllegalStateException: no such table: orders");
            JsonNode failed = EventLog.data(events.await(failingJob, "dev.fling.job.failed"));
            assertThat(failed.path("error").asText()).isEqualTo("Recovery is suppressed by NoRestartBackoffTimeStrategy; "
                    + "caused by: java.lang.IllegalStateException: no such table: orders");

            awaitReadyPooled(List.of(refilled.getMetadata().getName()));
            CloudEvent stopped = Requests.launch(Requests.launchData("name", "stopped", "jarURI", HTTP_JAR));
            String stoppedJob = Requests.jobName(stopped, "stopped");
            requests.sendBinary(stopped);
            events.await(stoppedJob, "dev.fling.job.started");
            requests.sendBinary(Requests.cancel(stoppedJob, true));
            JsonNode cancelled = EventLog.data(events.await(stoppedJob, "dev.fling.job.cancelled"));
            assertThat(cancelled.path("savepointPath").asText()).startsWith("file:///flink-data/savepoints/" + stoppedJob);
            assertThat(sessionJob(stoppedJob).getSpec().job.state).isEqualTo("suspended");
        }
    }

    @Test
    @Tag("slow")
    void aRestartedFlingKeepsItsReadyPooledDeploymentsAndDeletesTheOnesThatCannotServe() throws Exception {
        String kept;
        try (FlingProcess first = FlingProcess.start("opwarm-first", withPool())) {
            first.awaitReady();
            kept = awaitReadyPooled(List.of()).getMetadata().getName();
            first.kill();
        }
        // While Fling is down: a pooled deployment of another image (the defaults changed), and one
        // taken two minutes ago by a job whose FlinkSessionJob was never created (a crash in between).
        FlinkDeployment otherImage = copyOf(deployment(kept), "fling-pool-0ther1mg");
        otherImage.getSpec().image = "flink:1.19";
        kubernetes.client().resource(otherImage).create();
        FlinkDeployment orphan = copyOf(deployment(kept), "fling-pool-0rphan00");
        orphan.getMetadata().getLabels().put("fling.dev/pool", "taken");
        orphan.getMetadata().getLabels().put("fling.dev/job", "gone-0123456789");
        orphan.getMetadata().setAnnotations(Map.of("fling.dev/taken-at",
                java.time.Instant.now().minus(Duration.ofMinutes(2)).toString()));
        kubernetes.client().resource(orphan).create();

        try (FlingProcess second = FlingProcess.start("opwarm-second", withPool())) {
            second.awaitReady();
            Awaitility.await("the deployments that cannot serve are deleted").atMost(Duration.ofSeconds(30))
                    .until(() -> deploymentOrNull("fling-pool-0ther1mg") == null
                            && deploymentOrNull("fling-pool-0rphan00") == null);
            // A few more rounds of the pool: it must neither delete the ready deployment nor add one.
            Awaitility.await("the restarted pool has had a few rounds").pollDelay(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(10)).until(() -> true);
            assertThat(idle()).extracting(d -> d.getMetadata().getName()).containsExactly(kept);
        }
    }

    private static FlinkDeployment copyOf(FlinkDeployment deployment, String name) {
        FlinkDeployment copy = new FlinkDeployment();
        copy.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name)
                .withNamespace(deployment.getMetadata().getNamespace())
                .withLabels(new java.util.HashMap<>(deployment.getMetadata().getLabels())).build());
        copy.setSpec(deployment.getSpec());
        return copy;
    }

    private FlinkDeployment awaitReadyPooled(List<String> besides) {
        return Awaitility.await("a ready pooled session deployment other than " + besides)
                .atMost(Duration.ofSeconds(30)).until(() -> idle().stream()
                        .filter(d -> !besides.contains(d.getMetadata().getName()))
                        .filter(d -> d.getStatus() != null && "READY".equals(d.getStatus().jobManagerDeploymentStatus))
                        .findFirst().orElse(null), java.util.Objects::nonNull);
    }

    private List<FlinkDeployment> idle() {
        return kubernetes.client().resources(FlinkDeployment.class).inNamespace(namespace)
                .withLabel("fling.dev/pool", "idle").list().getItems();
    }

    private FlinkSessionJob sessionJob(String name) {
        FlinkSessionJob found = sessionJobOrNull(name);
        assertThat(found).as("FlinkSessionJob " + name).isNotNull();
        return found;
    }

    private FlinkSessionJob sessionJobOrNull(String name) {
        return kubernetes.client().resources(FlinkSessionJob.class).inNamespace(namespace).withName(name).get();
    }

    private FlinkDeployment deployment(String name) {
        FlinkDeployment found = deploymentOrNull(name);
        assertThat(found).as("FlinkDeployment " + name).isNotNull();
        return found;
    }

    private FlinkDeployment deploymentOrNull(String name) {
        return kubernetes.client().resources(FlinkDeployment.class).inNamespace(namespace).withName(name).get();
    }
}
