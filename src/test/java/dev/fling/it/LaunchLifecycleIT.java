package dev.fling.it;

import static dev.fling.testing.FlingTestEnvironment.NAMESPACE;
import static dev.fling.testing.FlingTestEnvironment.OTHER_NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fling.runtime.operator.model.FlinkDeployment;
import dev.fling.testing.CrdSchema;
import dev.fling.testing.EventLog;
import dev.fling.testing.FlingTestEnvironment;
import dev.fling.testing.Metrics;
import dev.fling.testing.Requests;
import io.cloudevents.CloudEvent;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A launch, from the request on the topic to the cluster's removal, as a user sees it. */
@QuarkusTest
class LaunchLifecycleIT extends WithRequestsAndEvents {

    @Test
    void binaryLaunchCreatesTheDeploymentAndReportsAcceptedStartedSucceeded() {
        CloudEvent launch = Requests.launch(Requests.launchData("name", "wordcount", "parallelism", 2,
                "args", List.of("--input", "a b", "--output", "/tmp/out")));
        requests.sendBinary(launch);
        String job = Requests.jobName(launch, "wordcount");

        CloudEvent accepted = events.await(job, "dev.fling.job.accepted");
        assertThat(deployment(NAMESPACE, job)).as("deployment exists once accepted").isNotNull();
        events.await(job, "dev.fling.job.started");
        FlingTestEnvironment.kubernetes().operator().finish(NAMESPACE, job);
        CloudEvent succeeded = events.await(job, "dev.fling.job.succeeded");

        assertThat(events.types(job)).containsExactly(
                "dev.fling.job.accepted", "dev.fling.job.started", "dev.fling.job.succeeded");
        for (CloudEvent event : events.forJob(job)) {
            assertThat(event.getSubject()).isEqualTo(job);
            assertThat(event.getExtension("correlationid")).isEqualTo(launch.getExtension("correlationid"));
            assertThat(event.getExtension("traceparent")).isEqualTo(Requests.TRACEPARENT);
            assertThat(event.getExtension("flingrequestid")).isEqualTo(launch.getId());
            assertThat(event.getDataSchema().toString()).endsWith("/" + event.getType() + ".json");
        }
        assertThat(EventLog.data(accepted).path("namespace").asText()).isEqualTo(NAMESPACE);
        assertThat(accepted.getId()).isEqualTo(NAMESPACE + "/" + job + "/accepted");
        assertThat(succeeded.getId()).isEqualTo(NAMESPACE + "/" + job + "/succeeded");
        assertThat(events.records().stream().filter(r -> job.equals(r.value().getSubject())))
                .allSatisfy(record -> assertThat(record.key()).isEqualTo(job));
    }

    @Test
    void deploymentCarriesTheWholeRequestAndIsValidForTheOperatorsCrd() {
        CloudEvent launch = Requests.launch(Map.ofEntries(
                Map.entry("name", "etl"),
                Map.entry("namespace", OTHER_NAMESPACE),
                Map.entry("image", "flink:1.20.1-java17"),
                Map.entry("flinkVersion", "v1_20"),
                Map.entry("jarURI", "https://artifacts.example.com/etl-1.4.jar"),
                Map.entry("entryClass", "com.example.Etl"),
                Map.entry("args", List.of("--date", "2026-11-25", "--mode", "full", "--date")),
                Map.entry("parallelism", 3),
                Map.entry("jobManager", Map.of("cpu", 0.5, "memory", "1536m")),
                Map.entry("taskManager", Map.of("cpu", 2, "memory", "2Gi", "slots", 2)),
                Map.entry("flinkConfiguration", Map.of("state.checkpoints.dir", "s3://bucket/checkpoints")),
                Map.entry("restoreFrom", Map.of("savepointPath", "s3://bucket/sp-1", "allowNonRestoredState", true)),
                Map.entry("deadlineSeconds", 3600),
                Map.entry("ttlSecondsAfterFinished", 120),
                Map.entry("labels", Map.of("team", "data"))));
        requests.sendStructured(launch);
        String job = Requests.jobName(launch, "etl");
        events.await(job, "dev.fling.job.accepted");

        FlinkDeployment deployment = deployment(OTHER_NAMESPACE, job);
        assertThat(job).matches("[a-z]([-a-z0-9]*[a-z0-9])?").hasSizeLessThanOrEqualTo(45);
        assertThat(deployment.getApiVersion()).isEqualTo("flink.apache.org/v1beta1");
        assertThat(deployment.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/managed-by", "fling").containsEntry("team", "data");
        assertThat(deployment.getMetadata().getAnnotations())
                .containsEntry("fling.dev/request-id", launch.getId())
                .containsEntry("fling.dev/request-source", Requests.SOURCE)
                .containsEntry("fling.dev/deadline-seconds", "3600")
                .containsEntry("fling.dev/ttl-seconds-after-finished", "120")
                .containsKey("fling.dev/deadline");
        assertThat(deployment.getMetadata().getAnnotations().get("fling.dev/request"))
                .contains(launch.getExtension("correlationid").toString());
        var spec = deployment.getSpec();
        assertThat(spec.image).isEqualTo("flink:1.20.1-java17");
        assertThat(spec.flinkVersion).isEqualTo("v1_20");
        assertThat(spec.job.jarURI).isEqualTo("https://artifacts.example.com/etl-1.4.jar");
        assertThat(spec.job.entryClass).isEqualTo("com.example.Etl");
        assertThat(spec.job.args).containsExactly("--date", "2026-11-25", "--mode", "full", "--date");
        assertThat(spec.job.parallelism).isEqualTo(3);
        assertThat(spec.job.initialSavepointPath).isEqualTo("s3://bucket/sp-1");
        assertThat(spec.job.allowNonRestoredState).isTrue();
        assertThat(spec.jobManager.resource.cpu).isEqualTo(0.5);
        assertThat(spec.jobManager.resource.memory).isEqualTo("1536m");
        assertThat(spec.taskManager.resource.cpu).isEqualTo(2.0);
        assertThat(spec.taskManager.resource.memory).isEqualTo("2Gi");
        assertThat(spec.flinkConfiguration).containsEntry("state.checkpoints.dir", "s3://bucket/checkpoints")
                .containsEntry("taskmanager.numberOfTaskSlots", "2");
        assertThat(CrdSchema.violations(deployment)).isEmpty();
    }

    @Test
    void redeliveredLaunchFindsItsDeploymentAndCreatesNothingNew() {
        double launchesAccepted = Metrics.value("fling_requests_total", "type=\"launch\"", "outcome=\"accepted\"");
        CloudEvent launch = Requests.launch(Requests.launchData("name", "twice"));
        String job = Requests.jobName(launch, "twice");
        requests.sendBinary(launch);
        events.await(job, "dev.fling.job.started");
        requests.sendStructured(launch); // same source and id, other content mode

        Awaitility.await("both deliveries are processed").atMost(Duration.ofSeconds(30)).until(() ->
                Metrics.value("fling_requests_total", "type=\"launch\"", "outcome=\"accepted\"")
                        >= launchesAccepted + 2);
        assertThat(FlingTestEnvironment.kubernetes().client().resources(FlinkDeployment.class).inNamespace(NAMESPACE)
                .withLabel("fling.dev/job", job).list().getItems()).hasSize(1);
        assertThat(events.forJob(job)).extracting(CloudEvent::getId)
                .containsExactly(NAMESPACE + "/" + job + "/accepted", NAMESPACE + "/" + job + "/started/1");
    }

    @Test
    void failedJobReportsTheOperatorsError() {
        CloudEvent launch = Requests.launch(Requests.launchData("name", "broken"));
        String job = Requests.jobName(launch, "broken");
        requests.sendBinary(launch);
        events.await(job, "dev.fling.job.started");

        FlingTestEnvironment.kubernetes().operator().fail(NAMESPACE, job, "java.lang.IllegalStateException: no input");
        CloudEvent failed = events.await(job, "dev.fling.job.failed");

        assertThat(EventLog.data(failed).path("error").asText())
                .contains("Recovery is suppressed by NoRestartBackoffTimeStrategy")
                .contains("java.lang.IllegalStateException: no input");
        assertThat(EventLog.data(failed).path("attempts").asInt()).isEqualTo(1);
        assertThat(events.types(job)).containsExactly(
                "dev.fling.job.accepted", "dev.fling.job.started", "dev.fling.job.failed");
    }

    @Test
    void failedAttemptIsRetriedAndFailedIsReportedAfterTheLast() {
        CloudEvent launch = Requests.launch(Requests.launchData("name", "flaky",
                "retry", Map.of("maxAttempts", 2, "backoffSeconds", 1)));
        String job = Requests.jobName(launch, "flaky");
        requests.sendBinary(launch);
        events.await(job, "dev.fling.job.started");

        FlingTestEnvironment.kubernetes().operator().fail(NAMESPACE, job, "java.io.IOException: first");
        CloudEvent secondStart = events.await("a second start of " + job, e -> job.equals(e.getSubject())
                && e.getId().endsWith("/started/2"));
        assertThat(EventLog.data(secondStart).path("attempt").asInt()).isEqualTo(2);
        assertThat(deployment(NAMESPACE, job).getSpec().restartNonce).isEqualTo(2L);

        FlingTestEnvironment.kubernetes().operator().fail(NAMESPACE, job, "java.io.IOException: second");
        CloudEvent failed = events.await(job, "dev.fling.job.failed");
        assertThat(EventLog.data(failed).path("error").asText()).contains("second");
        assertThat(EventLog.data(failed).path("attempts").asInt()).isEqualTo(2);
        assertThat(events.types(job)).containsExactly("dev.fling.job.accepted", "dev.fling.job.started",
                "dev.fling.job.started", "dev.fling.job.failed");
    }

    @Test
    void passedDeadlineStopsTheJobAndReportsTimedOut() {
        CloudEvent launch = Requests.launch(Requests.launchData("name", "slow", "deadlineSeconds", 2));
        String job = Requests.jobName(launch, "slow");
        requests.sendBinary(launch);
        events.await(job, "dev.fling.job.started");

        CloudEvent timedOut = events.await(job, "dev.fling.job.timedout");

        assertThat(EventLog.data(timedOut).path("deadlineSeconds").asInt()).isEqualTo(2);
        Awaitility.await("the job is suspended").atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(deployment(NAMESPACE, job).getSpec().job.state).isEqualTo("suspended"));
        Awaitility.await("the operator reports the suspension").atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(deployment(NAMESPACE, job).getStatus().lifecycleState).isEqualTo("SUSPENDED"));
        assertThat(events.types(job)).containsExactly(
                "dev.fling.job.accepted", "dev.fling.job.started", "dev.fling.job.timedout");
    }

    @Test
    void finishedJobIsDeletedOnceItsTimeToLiveHasPassed() {
        CloudEvent launch = Requests.launch(Requests.launchData("name", "shortlived", "ttlSecondsAfterFinished", 1));
        String job = Requests.jobName(launch, "shortlived");
        requests.sendBinary(launch);
        events.await(job, "dev.fling.job.started");
        FlingTestEnvironment.kubernetes().operator().finish(NAMESPACE, job);
        events.await(job, "dev.fling.job.succeeded");
        assertThat(deployment(NAMESPACE, job)).as("kept until the TTL passes").isNotNull();

        Awaitility.await("the deployment is deleted").atMost(Duration.ofSeconds(15))
                .until(() -> deployment(NAMESPACE, job) == null);
        assertThat(events.types(job)).containsExactly(
                "dev.fling.job.accepted", "dev.fling.job.started", "dev.fling.job.succeeded");
    }

    static FlinkDeployment deployment(String namespace, String name) {
        return FlingTestEnvironment.kubernetes().client().resources(FlinkDeployment.class)
                .inNamespace(namespace).withName(name).get();
    }
}
