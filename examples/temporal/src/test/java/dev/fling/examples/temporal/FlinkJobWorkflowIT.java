package dev.fling.examples.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The workflow on Temporal's in-process test server, its activity against a real Fling (local
 * runtime: real Flink clusters) and a real broker, which scripts/examples starts and names in
 * FLING_URL, KAFKA_BOOTSTRAP_SERVERS and FLING_EXAMPLES_JAR.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FlinkJobWorkflowIT {

    private static final String LOST_WORKER_QUEUE = "fling-first-attempt-lost";

    private static FlingSettings settings;
    private static String jar;
    private static TestWorkflowEnvironment temporal;
    private static JobEndWatcher endings;
    private static FirstAttemptLost firstAttemptLost;

    @BeforeAll
    static void start() {
        settings = FlingSettings.fromEnvironment();
        jar = required("FLING_EXAMPLES_JAR");
        required("FLING_URL");
        required("KAFKA_BOOTSTRAP_SERVERS");
        // Real time: the activities wait for real Flink jobs, nothing is gained by skipping time.
        temporal = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
        WorkflowClient client = temporal.getWorkflowClient();
        FlingClient fling = FlingWorker.client(settings, client);
        endings = JobEndWatcher.start(settings.bootstrapServers(), settings.eventsTopic(), fling,
                client.newActivityCompletionClient());
        FlingActivities activities = new FlingActivitiesImpl(fling, endings);
        firstAttemptLost = new FirstAttemptLost(fling, activities);
        FlingWorker.register(temporal.getWorkerFactory(), FlingWorker.TASK_QUEUE, activities);
        FlingWorker.register(temporal.getWorkerFactory(), LOST_WORKER_QUEUE, firstAttemptLost);
        temporal.start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (temporal != null) {
            temporal.close();
        }
        if (endings != null) {
            endings.close();
        }
    }

    @Test
    void succeedingJobCompletesTheWorkflowWithItsResult() {
        String run = "wordcount-" + shortId();
        JobResult result = workflow(FlingWorker.TASK_QUEUE, run).run(spec("dev.fling.examples.BoundedWordCount", run));

        assertTrue(result.job().startsWith("wordcount-"), result.job());
        assertNotNull(result.flinkJobId());
        assertEquals("succeeded", jobsLabelled(run).get(0).path("state").asText());
    }

    @Test
    void failingJobFailsTheWorkflowWithFlinksRootCause() {
        String run = "failing-" + shortId();
        JobSpec spec = new JobSpec("failing", jar, "dev.fling.examples.FailingJob", List.of(run), 1,
                Map.of("example-run", run));

        ApplicationFailure cause = activityFailureOf(run, spec, JobEnding.FAILED);

        assertTrue(cause.getOriginalMessage().contains("fling example failure: " + run), cause.getOriginalMessage());
        assertEquals(1, jobsLabelled(run).size());
    }

    @Test
    void rejectedLaunchFailsTheWorkflowWithFlingsReasonsAndNoRetry() {
        String run = "rejected-" + shortId();
        JobSpec spec = new JobSpec("Not_A_Job_Name", jar, "dev.fling.examples.BoundedWordCount", List.of(), 1,
                Map.of("example-run", run));

        ApplicationFailure cause = activityFailureOf(run, spec, FlingClient.REJECTED);

        assertTrue(cause.getOriginalMessage().contains("INVALID_DATA"), cause.getOriginalMessage());
        assertTrue(cause.getOriginalMessage().contains("name"), cause.getOriginalMessage());
        assertEquals(0, jobsLabelled(run).size());
    }

    @Test
    void retriedActivityFindsItsJobInsteadOfLaunchingAnother() {
        String run = "retried-" + shortId();
        int launchesBefore = firstAttemptLost.launches.get();

        JobResult result = workflow(LOST_WORKER_QUEUE, run).run(spec("dev.fling.examples.BoundedWordCount", run));

        assertEquals(2, firstAttemptLost.launches.get() - launchesBefore, "two attempts of the activity launched");
        List<JsonNode> jobs = jobsLabelled(run);
        assertEquals(1, jobs.size(), "one job in GET /jobs: " + jobs);
        assertEquals(result.job(), jobs.get(0).path("name").asText());
        assertEquals("succeeded", jobs.get(0).path("state").asText());
    }

    /** Runs the workflow, which must fail because its activity failed for good with {@code type}. */
    private static ApplicationFailure activityFailureOf(String run, JobSpec spec, String type) {
        WorkflowFailedException failed = assertThrows(WorkflowFailedException.class,
                () -> workflow(FlingWorker.TASK_QUEUE, run).run(spec));
        ActivityFailure activity = assertInstanceOf(ActivityFailure.class, failed.getCause());
        assertEquals(RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE, activity.getRetryState());
        ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, activity.getCause());
        assertEquals(type, cause.getType());
        return cause;
    }

    private JobSpec spec(String entryClass, String run) {
        return new JobSpec("wordcount", jar, entryClass, List.of(), 1, Map.of("example-run", run));
    }

    private static FlinkJobWorkflow workflow(String taskQueue, String workflowId) {
        return temporal.getWorkflowClient().newWorkflowStub(FlinkJobWorkflow.class,
                WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId(workflowId).build());
    }

    /** GET /jobs?label=example-run=RUN: the jobs one test run made. */
    private static List<JsonNode> jobsLabelled(String run) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(
                    URI.create(settings.url() + "/jobs?label=example-run=" + run));
            settings.token().ifPresent(t -> request.header("Authorization", "Bearer " + t));
            HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            JsonNode jobs = new ObjectMapper().readTree(response.body()).path("jobs");
            return java.util.stream.StreamSupport.stream(jobs.spliterator(), false).toList();
        } catch (Exception e) {
            throw new AssertionError("GET /jobs failed", e);
        }
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static String required(String name) {
        return Optional.ofNullable(System.getProperty(name)).or(() -> Optional.ofNullable(System.getenv(name)))
                .orElseThrow(() -> new IllegalStateException(name + " is not set: these tests run against a running "
                        + "Fling and broker; start them with scripts/examples (from the repository's root)"));
    }
}
