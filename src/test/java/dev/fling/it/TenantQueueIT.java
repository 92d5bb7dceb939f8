package dev.fling.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.runtime.operator.model.FlinkDeployment;
import dev.fling.testing.EventLog;
import dev.fling.testing.FlingProcess;
import dev.fling.testing.RequestSender;
import dev.fling.testing.Requests;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Quotas on the operator runtime with the packaged build: a launch over its tenant's quota is
 * accepted and waits (created suspended, so the operator deploys nothing), says so once with why
 * and where, and starts when a job of its tenant ends; one that could never fit is rejected;
 * a waiting job can be cancelled or time out; a Fling killed with -9 in the middle of a queue
 * comes back to the same order and creates nothing twice. Each test has a tenant of its own.
 */
class TenantQueueIT extends AgainstPackagedFling {

    private static final ObjectMapper JSON = new ObjectMapper();
    private RequestSender requests;

    @Override
    String prefix() {
        return "quota";
    }

    @BeforeAll
    void sender() {
        requests = new RequestSender(kafka.bootstrapServers(), prefix() + ".requests");
    }

    @AfterAll
    void closeSender() {
        requests.close();
    }

    @Override
    Map<String, String> environment() {
        Map<String, String> environment = super.environment();
        for (String tenant : List.of("wait", "cancel", "restart")) {
            String key = "FLING_TENANTS_" + tenant.toUpperCase() + "_";
            environment.put(key + "SOURCES", "/" + tenant + "/*");
            environment.put(key + "MAX_RUNNING_JOBS", "1");
        }
        environment.put("FLING_TENANTS_WAIT_MAX_TOTAL_PARALLELISM", "4");
        return environment;
    }

    @Test
    void aLaunchOverItsTenantsQuotaWaitsAsPendingAndStartsWhenAnotherEnds() throws Exception {
        try (FlingProcess fling = FlingProcess.start("quota-wait", environment())) {
            fling.awaitReady();
            CloudEvent first = launch("/wait/etl", "first");
            String firstJob = Requests.jobName(first, "first");
            events.await(firstJob, "dev.fling.job.started");
            CloudEvent second = launch("/wait/etl", "second");
            String secondJob = Requests.jobName(second, "second");

            JsonNode pending = EventLog.data(events.await(secondJob, "dev.fling.job.pending"));
            assertThat(pending.path("tenant").asText()).isEqualTo("wait");
            assertThat(pending.path("position").asInt()).isEqualTo(1);
            assertThat(pending.path("reason").asText()).isEqualTo("tenant 'wait': 1 of at most 1 jobs running");
            assertThat(deployment(secondJob).getSpec().job.state).as("nothing deployed while it waits")
                    .isEqualTo("suspended");
            assertThat(deployment(secondJob).getStatus()).as("the operator left it alone").isNull();

            JsonNode tenants = JSON.readTree(fling.get("/tenants").body());
            JsonNode wait = find(tenants.path("tenants"), "wait");
            assertThat(wait.path("limits").path("maxRunningJobs").asLong()).isEqualTo(1);
            assertThat(wait.path("usage").path("runningJobs").asLong()).isEqualTo(1);
            assertThat(wait.path("queue").findValuesAsText("job")).containsExactly(secondJob);
            assertThat(JSON.readTree(fling.get("/jobs?state=pending").body()).path("jobs").findValuesAsText("name"))
                    .containsExactly(secondJob);
            String metrics = fling.get("/q/metrics").body();
            assertThat(metrics).contains("fling_tenant_running_jobs{tenant=\"wait\"} 1.0")
                    .contains("fling_tenant_pending_jobs{tenant=\"wait\"} 1.0")
                    .contains("fling_tenant_used_parallelism{tenant=\"wait\"} 1.0");

            kubernetes.operator().finish(namespace, firstJob);
            events.await(secondJob, "dev.fling.job.started");
            assertThat(events.types(secondJob)).containsExactly("dev.fling.job.accepted", "dev.fling.job.pending",
                    "dev.fling.job.started");
            kubernetes.operator().finish(namespace, secondJob);
            events.await(secondJob, "dev.fling.job.succeeded");
        }
    }

    @Test
    void aLaunchThatCouldNeverFitItsTenantsQuotaIsRejected() throws Exception {
        try (FlingProcess fling = FlingProcess.start("quota-never", environment())) {
            fling.awaitReady();
            CloudEvent tooBig = send("/wait/etl", "too-big", "parallelism", 5);
            String job = Requests.jobName(tooBig, "too-big");

            JsonNode rejected = EventLog.data(events.await(job, "dev.fling.job.rejected"));
            assertThat(rejected.path("reason").asText()).isEqualTo("POLICY_VIOLATION");
            assertThat(rejected.path("message").asText()).isEqualTo("the launch could never run within the quota of "
                    + "tenant 'wait': parallelism 5 is above the total of 4");
            assertThat(kubernetes.client().resources(FlinkDeployment.class).inNamespace(namespace).withName(job).get())
                    .isNull();
        }
    }

    @Test
    void aWaitingJobIsCancelledOrTimesOutWithoutEverRunning() throws Exception {
        try (FlingProcess fling = FlingProcess.start("quota-cancel", environment())) {
            fling.awaitReady();
            CloudEvent running = launch("/cancel/etl", "running");
            String runningJob = Requests.jobName(running, "running");
            events.await(runningJob, "dev.fling.job.started");
            String cancelled = Requests.jobName(launch("/cancel/etl", "cancelled"), "cancelled");
            String late = Requests.jobName(launch("/cancel/etl", "late", "deadlineSeconds", 3), "late");
            events.await(cancelled, "dev.fling.job.pending");
            events.await(late, "dev.fling.job.pending");

            requests.sendBinary(CloudEventBuilder.v1(Requests.cancel(cancelled, false))
                    .withSource(URI.create("/cancel/etl")).build());
            JsonNode data = EventLog.data(events.await(cancelled, "dev.fling.job.cancelled"));
            assertThat(data.path("reason").asText()).isEqualTo("requested");
            events.await(late, "dev.fling.job.timedout");

            kubernetes.operator().finish(namespace, runningJob);
            events.await(runningJob, "dev.fling.job.succeeded");
            // Neither was ever deployed: withdrawn, they stay suspended.
            assertThat(deployment(cancelled).getStatus()).isNull();
            assertThat(deployment(late).getStatus()).isNull();
            assertThat(events.types(cancelled)).as("the launch's accepted, then the cancel's").containsExactly(
                    "dev.fling.job.accepted", "dev.fling.job.pending", "dev.fling.job.accepted",
                    "dev.fling.job.cancelled");
            assertThat(events.types(late)).containsExactly("dev.fling.job.accepted", "dev.fling.job.pending",
                    "dev.fling.job.timedout");
        }
    }

    @Test
    void aFlingKilledInTheMiddleOfAQueueKeepsItsOrderAndCreatesNothingTwice() throws Exception {
        String runningJob;
        String low;
        String high;
        String later;
        FlingProcess first = FlingProcess.start("quota-restart-first", environment());
        try {
            first.awaitReady();
            runningJob = Requests.jobName(launch("/restart/etl", "running"), "running");
            events.await(runningJob, "dev.fling.job.started");
            low = Requests.jobName(launch("/restart/etl", "low"), "low");
            high = Requests.jobName(launch("/restart/etl", "high", "priority", 5), "high");
            later = Requests.jobName(launch("/restart/etl", "later"), "later");
            events.await(later, "dev.fling.job.pending");
            events.await(high, "dev.fling.job.pending");
            events.await(low, "dev.fling.job.pending");
        } finally {
            first.kill();
        }
        kubernetes.operator().finish(namespace, runningJob); // while nobody watches

        try (FlingProcess second = FlingProcess.start("quota-restart-second", environment())) {
            second.awaitReady();
            events.await(high, "dev.fling.job.started");
            Awaitility.await("the queue after the restart").atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(JSON.readTree(second.get("/jobs?state=pending").body()).path("jobs")
                            .findValuesAsText("name")).containsExactly(low, later));
            kubernetes.operator().finish(namespace, high);
            events.await(low, "dev.fling.job.started");
            kubernetes.operator().finish(namespace, low);
            events.await(later, "dev.fling.job.started");
            kubernetes.operator().finish(namespace, later);
            events.await(later, "dev.fling.job.succeeded");

            for (String job : List.of(low, high, later)) {
                assertThat(kubernetes.client().resources(FlinkDeployment.class).inNamespace(namespace)
                        .withLabel("fling.dev/job", job).list().getItems()).as(job).hasSize(1);
                assertThat(events.forJob(job).stream().map(CloudEvent::getId).distinct()).as(job).containsExactly(
                        namespace + "/" + job + "/accepted", namespace + "/" + job + "/pending",
                        namespace + "/" + job + "/started/1", namespace + "/" + job + "/succeeded");
            }
        }
    }

    /** Sends a launch from {@code source} and waits until it is accepted (so that arrivals are ordered). */
    private CloudEvent launch(String source, String name, Object... more) {
        CloudEvent launch = send(source, name, more);
        events.await(Requests.jobName(launch, name), "dev.fling.job.accepted");
        return launch;
    }

    private CloudEvent send(String source, String name, Object... more) {
        Object[] data = new Object[more.length + 2];
        data[0] = "name";
        data[1] = name;
        System.arraycopy(more, 0, data, 2, more.length);
        CloudEvent launch = CloudEventBuilder.v1(Requests.launch(Requests.launchData(data)))
                .withSource(URI.create(source)).build();
        requests.sendBinary(launch);
        return launch;
    }

    private FlinkDeployment deployment(String job) {
        return kubernetes.client().resources(FlinkDeployment.class).inNamespace(namespace).withName(job).get();
    }

    private static JsonNode find(JsonNode tenants, String name) {
        for (JsonNode tenant : tenants) {
            if (tenant.path("name").asText().equals(name)) {
                return tenant;
            }
        }
        throw new AssertionError("no tenant " + name + " in " + tenants);
    }
}
