package dev.fling.it;

import static dev.fling.it.LaunchLifecycleIT.deployment;
import static dev.fling.testing.FlingTestEnvironment.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fling.testing.EventLog;
import dev.fling.testing.FlingTestEnvironment;
import dev.fling.testing.Requests;
import io.cloudevents.CloudEvent;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Rescale, cancel and savepoint requests on running jobs, and what a user sees for each. */
@QuarkusTest
class JobCommandsIT extends WithRequestsAndEvents {

    private static String runningJob(String name, int parallelism) {
        CloudEvent launch = Requests.launch(Requests.launchData("name", name, "parallelism", parallelism));
        requests.sendBinary(launch);
        String job = Requests.jobName(launch, name);
        events.await(job, "dev.fling.job.started");
        return job;
    }

    @Test
    void rescalePatchesParallelismAndReportsRescaledOnceTheNewParallelismRuns() {
        String job = runningJob("grow", 1);
        CloudEvent rescale = Requests.rescale(job, 4);
        requests.sendBinary(rescale);

        CloudEvent accepted = events.await("rescale accepted", e -> job.equals(e.getSubject())
                && e.getType().equals("dev.fling.job.accepted") && e.getExtension("flingrequestid").equals(rescale.getId()));
        CloudEvent rescaled = events.await(job, "dev.fling.job.rescaled");

        assertThat(EventLog.data(accepted).path("request").asText()).isEqualTo("rescale");
        assertThat(deployment(NAMESPACE, job).getSpec().job.parallelism).isEqualTo(4);
        JsonNode data = EventLog.data(rescaled);
        assertThat(data.path("from").asInt()).isEqualTo(1);
        assertThat(data.path("to").asInt()).isEqualTo(4);
        assertThat(data.path("method").asText()).isEqualTo("savepoint-restart");
        assertThat(rescaled.getExtension("flingrequestid")).isEqualTo(rescale.getId());
        assertThat(rescaled.getExtension("correlationid")).isEqualTo(rescale.getExtension("correlationid"));
        assertThat(events.types(job)).containsExactly("dev.fling.job.accepted", "dev.fling.job.started",
                "dev.fling.job.accepted", "dev.fling.job.rescaled");
    }

    @Test
    void cancelWithSavepointSuspendsTheJobAndReportsTheSavepoint() {
        String job = runningJob("stopme", 1);
        CloudEvent cancel = Requests.cancel(job, true);
        requests.sendStructured(cancel);

        CloudEvent cancelled = events.await(job, "dev.fling.job.cancelled");

        assertThat(deployment(NAMESPACE, job).getSpec().job.state).isEqualTo("suspended");
        assertThat(deployment(NAMESPACE, job).getSpec().job.upgradeMode).isEqualTo("savepoint");
        assertThat(EventLog.data(cancelled).path("savepointPath").asText())
                .startsWith("file:///flink-data/savepoints/" + job + "/");
        assertThat(EventLog.data(cancelled).path("reason").asText()).isEqualTo("requested");
        assertThat(cancelled.getExtension("flingrequestid")).isEqualTo(cancel.getId());
    }

    @Test
    void cancelWithoutSavepointStopsStatelessly() {
        String job = runningJob("dropme", 1);
        requests.sendBinary(Requests.cancel(job, false));

        CloudEvent cancelled = events.await(job, "dev.fling.job.cancelled");

        assertThat(deployment(NAMESPACE, job).getSpec().job.upgradeMode).isEqualTo("stateless");
        assertThat(EventLog.data(cancelled).has("savepointPath")).isFalse();
    }

    @Test
    void jobCancelledOutsideFlingIsReportedCancelledExternally() {
        String job = runningJob("uicancel", 1);
        FlingTestEnvironment.kubernetes().operator().cancelExternally(NAMESPACE, job);

        CloudEvent cancelled = events.await(job, "dev.fling.job.cancelled");

        assertThat(EventLog.data(cancelled).path("reason").asText()).isEqualTo("external");
    }

    @Test
    void savepointRequestReportsTheSavepointPath() {
        String job = runningJob("snap", 1);
        CloudEvent savepoint = Requests.savepoint(job);
        requests.sendBinary(savepoint);

        CloudEvent completed = events.await(job, "dev.fling.job.savepoint.completed");

        assertThat(EventLog.data(completed).path("path").asText()).startsWith("file:///flink-data/savepoints/" + job);
        assertThat(completed.getExtension("flingrequestid")).isEqualTo(savepoint.getId());
        assertThat(deployment(NAMESPACE, job).getSpec().job.savepointTriggerNonce).isNotNull();
    }

    @Test
    void savepointToAChosenDirectoryIsRefusedByTheOperatorRuntime() {
        String job = runningJob("snapdir", 1);
        CloudEvent savepoint = Requests.request("dev.fling.job.savepoint",
                java.util.Map.of("job", job, "targetDirectory", "s3://elsewhere/"));
        requests.sendBinary(savepoint);

        CloudEvent rejected = events.await("rejection of " + savepoint.getId(),
                e -> savepoint.getId().equals(e.getExtension("flingrequestid")));

        assertThat(rejected.getType()).isEqualTo("dev.fling.job.rejected");
        assertThat(EventLog.data(rejected).path("reason").asText()).isEqualTo("RUNTIME_REFUSED");
        assertThat(EventLog.data(rejected).path("message").asText()).contains("state.savepoints.dir");
        assertThat(deployment(NAMESPACE, job).getSpec().job.savepointTriggerNonce).isNull();
    }

    @Test
    void commandForAnUnknownJobIsRejected() {
        CloudEvent rescale = Requests.rescale("nosuch-0123456789", 2);
        requests.sendBinary(rescale);

        CloudEvent rejected = events.await("rejection of " + rescale.getId(),
                e -> rescale.getId().equals(e.getExtension("flingrequestid")));

        assertThat(rejected.getType()).isEqualTo("dev.fling.job.rejected");
        assertThat(rejected.getSubject()).isEqualTo("nosuch-0123456789");
        assertThat(EventLog.data(rejected).path("reason").asText()).isEqualTo("UNKNOWN_JOB");
    }

    @Test
    void commandForAFinishedJobIsRejected() {
        String job = runningJob("done", 1);
        FlingTestEnvironment.kubernetes().operator().finish(NAMESPACE, job);
        events.await(job, "dev.fling.job.succeeded");
        CloudEvent rescale = Requests.rescale(job, 2);
        requests.sendBinary(rescale);

        CloudEvent rejected = events.await("rejection of " + rescale.getId(),
                e -> rescale.getId().equals(e.getExtension("flingrequestid")));

        assertThat(rejected.getType()).isEqualTo("dev.fling.job.rejected");
        assertThat(EventLog.data(rejected).path("reason").asText()).isEqualTo("INVALID_STATE");
        assertThat(EventLog.data(rejected).path("message").asText()).contains("SUCCEEDED");
    }
}
