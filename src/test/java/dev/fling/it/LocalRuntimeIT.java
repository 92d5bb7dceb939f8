package dev.fling.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fling.testing.EventLog;
import dev.fling.testing.JarServer;
import dev.fling.testing.Jars;
import dev.fling.testing.LocalClusters;
import dev.fling.testing.LocalRuntimeProfile;
import dev.fling.testing.Requests;
import io.cloudevents.CloudEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The local runtime with real JobManager and TaskManager processes running the example jobs. */
@QuarkusTest
@TestProfile(LocalRuntimeProfile.class)
class LocalRuntimeIT extends WithRequestsAndEvents {

    private static final String WORK = LocalRuntimeProfile.WORK_DIRECTORY;
    private static final Duration CLUSTER_TIME = Duration.ofSeconds(90);

    @AfterAll
    static void stopLeftoverClusters() {
        LocalClusters.stopAllUnder(WORK);
    }

    private static CloudEvent launch(String name, String entryClass, Object... more) {
        Object[] fields = new Object[more.length + 6];
        fields[0] = "name";
        fields[1] = name;
        fields[2] = "jarURI";
        fields[3] = LocalClusters.examplesJar();
        fields[4] = "entryClass";
        fields[5] = "dev.fling.examples." + entryClass;
        System.arraycopy(more, 0, fields, 6, more.length);
        CloudEvent launch = Requests.launch(Requests.launchData(fields));
        requests.sendBinary(launch);
        return launch;
    }

    private static CloudEvent await(String job, String type) {
        return events.awaitWithin(job, type, CLUSTER_TIME);
    }

    @Test
    void boundedJobFromAnHttpJarRunsOnItsOwnClusterSucceedsAndLeavesNoProcessBehind() throws Exception {
        Path jar = Path.of(java.net.URI.create(LocalClusters.examplesJar()));
        try (JarServer server = new JarServer(jar)) {
            boundedJobSucceeds(server.url(jar));
        }
    }

    private void boundedJobSucceeds(String jarURI) {
        String job = Requests.jobName(launch("wordcount", "BoundedWordCount", "parallelism", 2, "jarURI", jarURI),
                "wordcount");

        CloudEvent started = await(job, "dev.fling.job.started");
        CloudEvent succeeded = await(job, "dev.fling.job.succeeded");

        assertThat(EventLog.data(started).path("parallelism").asInt()).isEqualTo(2);
        assertThat(EventLog.data(succeeded).path("flinkJobId").asText())
                .isEqualTo(EventLog.data(started).path("flinkJobId").asText()).hasSize(32);
        assertThat(events.types(job)).containsExactly(
                "dev.fling.job.accepted", "dev.fling.job.started", "dev.fling.job.succeeded");
        Awaitility.await("no JobManager or TaskManager of " + job + " is left").atMost(Duration.ofSeconds(30))
                .until(() -> LocalClusters.processesOf(job).isEmpty());
        assertThat(Path.of(WORK, "jobs", job, "attempt-1", "job.jar")).as("downloaded into the job's directory")
                .isRegularFile();
        launchPhasesAreToldKeptAndMeasured(job, started);
    }

    /** A cold start says so, with every phase of its way to RUNNING, in its event, its record and the metrics. */
    private static void launchPhasesAreToldKeptAndMeasured(String job, CloudEvent started) {
        JsonNode data = EventLog.data(started);
        assertThat(data.path("start").asText()).isEqualTo("cold");
        List<String> phases = new java.util.ArrayList<>();
        data.path("phases").fieldNames().forEachRemaining(phases::add);
        assertThat(phases).containsExactly("queued", "cluster", "submitted", "running");
        data.path("phases").forEach(ms -> assertThat(ms.asLong()).isNotNegative());
        assertThat(data.path("phases").path("cluster").asLong()).as("a JobManager takes seconds to start")
                .isPositive();
        JsonPath view = given().get("/jobs/{name}", job).then().statusCode(200).extract().jsonPath();
        assertThat(view.getString("startup.start")).isEqualTo("cold");
        assertThat(view.getLong("startup.phases.running")).isEqualTo(data.path("phases").path("running").asLong());
        assertThat(dev.fling.testing.Metrics.value("fling_launch_phase_seconds_count", "phase=\"cluster\"",
                "start=\"cold\"")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void failingJobIsRetriedThenReportsFlinksRootCauseAndIsCleanedUpAfterItsTtl() {
        String job = Requests.jobName(launch("failing", "FailingJob", "retry",
                Map.of("maxAttempts", 2, "backoffSeconds", 0), "ttlSecondsAfterFinished", 1), "failing");

        CloudEvent failed = await(job, "dev.fling.job.failed");

        assertThat(EventLog.data(failed).path("error").asText()).contains("fling example failure");
        assertThat(EventLog.data(failed).path("attempts").asInt()).isEqualTo(2);
        assertThat(events.types(job)).containsExactly("dev.fling.job.accepted", "dev.fling.job.started",
                "dev.fling.job.started", "dev.fling.job.failed");
        Path jobDirectory = Path.of(WORK, "jobs", job);
        Awaitility.await("the job's directory is removed after its TTL").atMost(Duration.ofSeconds(30))
                .until(() -> !Files.exists(jobDirectory));
        assertThat(Path.of(WORK, "logs", job)).as("logs are kept").isDirectory();
    }

    @Test
    void streamingJobRescalesInPlaceTakesASavepointStopsWithOneAndRestoresFromItAfterItsTtl() {
        String job = Requests.jobName(launch("counter", "StreamingCounter", "parallelism", 1,
                "ttlSecondsAfterFinished", 1), "counter");
        String flinkJobId = EventLog.data(await(job, "dev.fling.job.started")).path("flinkJobId").asText();

        requests.sendBinary(Requests.rescale(job, 2));
        CloudEvent rescaled = await(job, "dev.fling.job.rescaled");
        JsonNode data = EventLog.data(rescaled);
        assertThat(List.of(data.path("from").asInt(), data.path("to").asInt())).containsExactly(1, 2);
        assertThat(data.path("method").asText()).isEqualTo("in-place");
        JsonNode flinkJob = LocalClusters.rest(WORK, job, "/jobs/" + flinkJobId);
        assertThat(flinkJob.path("state").asText()).isEqualTo("RUNNING");
        assertThat(flinkJob.path("vertices")).allSatisfy(v -> assertThat(v.path("parallelism").asInt()).isEqualTo(2));

        requests.sendBinary(Requests.savepoint(job));
        String savepoint = EventLog.data(await(job, "dev.fling.job.savepoint.completed")).path("path").asText();
        assertThat(Path.of(java.net.URI.create(savepoint))).isDirectory();

        requests.sendBinary(Requests.cancel(job, true));
        CloudEvent cancelled = await(job, "dev.fling.job.cancelled");
        String finalSavepoint = EventLog.data(cancelled).path("savepointPath").asText();
        assertThat(Path.of(java.net.URI.create(finalSavepoint))).isDirectory();
        assertThat(EventLog.data(cancelled).path("reason").asText()).isEqualTo("requested");
        // The job is removed from disk first and forgotten by the tracker just after: wait for what users see.
        JsonPath removed = Awaitility.await("the job is removed after its TTL").atMost(Duration.ofSeconds(30))
                .until(() -> given().get("/jobs/{name}", job).then().statusCode(200).extract().jsonPath(),
                        view -> view.getString("removedAt") != null);
        assertThat(Path.of(WORK, "jobs", job)).as("the job's directory, after its TTL").doesNotExist();
        assertThat(Path.of(java.net.URI.create(finalSavepoint))).as("the savepoint outlives the job's TTL").isDirectory();
        assertThat(removed.getString("state")).isEqualTo("cancelled");
        assertThat(removed.getList("savepoints.path", String.class)).as("the job's savepoints, after it was removed")
                .containsExactlyInAnyOrder(savepoint, finalSavepoint);

        String restored = Requests.jobName(launch("restored", "StreamingCounter",
                "restoreFrom", Map.of("savepointPath", finalSavepoint)), "restored");
        String restoredId = EventLog.data(await(restored, "dev.fling.job.started")).path("flinkJobId").asText();
        Awaitility.await("the restored job reports its restore").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(LocalClusters.rest(WORK, restored, "/jobs/" + restoredId + "/checkpoints")
                        .path("latest").path("restored").path("external_path").asText())
                        .isEqualTo(finalSavepoint));
        requests.sendBinary(Requests.cancel(restored, false));
        assertThat(EventLog.data(await(restored, "dev.fling.job.cancelled")).has("savepointPath")).isFalse();
    }

    /**
     * The first cluster's processes leave an AppCDS archive of their kind when they exit; later
     * ones start from it, and the JobManager compiles with C1 only (docs/local-runtime.md#start-up).
     */
    @Test
    void laterClustersStartFromTheClassArchivesTheFirstOnesWroteAndTheirJobsRun() {
        Path archives = Path.of(WORK, "class-archives");
        if (archiveOf(archives, "TaskManagerRunner") == null || archiveOf(archives, "StandaloneApplicationClusterEntryPoint") == null) {
            await(Requests.jobName(launch("first", "BoundedWordCount"), "first"), "dev.fling.job.succeeded");
        }
        Awaitility.await("the first processes' archives are written and checked").atMost(Duration.ofSeconds(90))
                .until(() -> archiveOf(archives, "TaskManagerRunner") != null
                        && archiveOf(archives, "StandaloneApplicationClusterEntryPoint") != null);

        String job = Requests.jobName(launch("archived", "StreamingCounter", "parallelism", 1), "archived");
        await(job, "dev.fling.job.started");
        List<String> commands = LocalClusters.processesOf(job).stream()
                .map(p -> p.info().commandLine().orElse("")).toList();
        String jobManager = commands.stream().filter(c -> c.contains("StandaloneApplicationClusterEntryPoint"))
                .findFirst().orElseThrow();
        String taskManager = commands.stream().filter(c -> c.contains("TaskManagerRunner")).findFirst().orElseThrow();
        assertThat(jobManager).contains("-XX:SharedArchiveFile="
                + archiveOf(archives, "StandaloneApplicationClusterEntryPoint").toAbsolutePath())
                .contains("-XX:TieredStopAtLevel=1");
        assertThat(taskManager).contains("-XX:SharedArchiveFile=" + archiveOf(archives, "TaskManagerRunner").toAbsolutePath())
                .doesNotContain("TieredStopAtLevel");
        requests.sendBinary(Requests.cancel(job, false));
        await(job, "dev.fling.job.cancelled");
        assertThat(archives.toFile().list()).as("no half-written archive is left")
                .noneMatch(name -> name.endsWith(".part"));
    }

    private static Path archiveOf(Path archives, String kind) {
        java.io.File[] files = archives.toFile().listFiles((dir, name) -> name.startsWith(kind + "-") && name.endsWith(".jsa"));
        return files == null || files.length == 0 ? null : files[0].toPath();
    }

    @Test
    void jobsWhoseJarsHaveTheSameFileNameEachRunTheirOwnCode() throws Exception {
        Path examples = Path.of(java.net.URI.create(LocalClusters.examplesJar()));
        Path jars = Path.of(WORK).resolveSibling("jars-" + ProcessHandle.current().pid());
        Path failing = Jars.withOnly(examples, jars.resolve("team-a/etl.jar"), "FailingJob");
        Path bounded = Jars.withOnly(examples, jars.resolve("team-b/etl.jar"), "BoundedWordCount");

        String teamA = Requests.jobName(launch("team-a", "FailingJob", "jarURI", failing.toUri().toString()), "team-a");
        assertThat(EventLog.data(await(teamA, "dev.fling.job.failed")).path("error").asText())
                .contains("fling example failure");
        String teamB = Requests.jobName(launch("team-b", "BoundedWordCount", "jarURI", bounded.toUri().toString()),
                "team-b");
        await(teamB, "dev.fling.job.succeeded");
        assertThat(Path.of(WORK, "jobs", teamB, "attempt-1", "artifacts", "etl.jar")).as("the attempt's own copy")
                .hasSameBinaryContentAs(bounded);

        try (JarServer a = new JarServer(failing); JarServer b = new JarServer(bounded)) {
            String overHttpA = Requests.jobName(launch("http-a", "FailingJob", "jarURI", a.url(failing)), "http-a");
            assertThat(EventLog.data(await(overHttpA, "dev.fling.job.failed")).path("error").asText())
                    .contains("fling example failure");
            String overHttpB = Requests.jobName(launch("http-b", "BoundedWordCount", "jarURI", b.url(bounded)),
                    "http-b");
            await(overHttpB, "dev.fling.job.succeeded");
            assertThat(Path.of(WORK, "jobs", overHttpB, "attempt-1", "artifacts", "job.jar")).hasSameBinaryContentAs(bounded);
        }
        assertThat(Path.of("/opt/flink/artifacts/etl.jar")).as("nothing is written outside the work directory")
                .doesNotExist();
    }

    @Test
    void jobsThatFailBeforeTheyExistReportFlinksOwnCause() {
        String noClass = Requests.jobName(launch("no-class", "NotInTheJar"), "no-class");
        String noSavepoint = Requests.jobName(launch("no-savepoint", "StreamingCounter",
                "restoreFrom", Map.of("savepointPath", Path.of(WORK, "no-such-savepoint").toUri().toString())),
                "no-savepoint");
        String throwing = Requests.jobName(launch("throwing", "ThrowingMain"), "throwing");

        assertThat(EventLog.data(await(noClass, "dev.fling.job.failed")).path("error").asText())
                .contains("The program's entry point class 'dev.fling.examples.NotInTheJar' was not found in the jar file");
        assertThat(EventLog.data(await(noSavepoint, "dev.fling.job.failed")).path("error").asText())
                .contains("Cannot find checkpoint or savepoint file/directory");
        assertThat(EventLog.data(await(throwing, "dev.fling.job.failed")).path("error").asText())
                .contains("fling example refused to start: default");
    }

    @Test
    void anAutoscaledLaunchRunsWithinItsBoundsAndRefusesManualRescales() {
        String job = Requests.jobName(launch("elastic", "StreamingCounter", "autoscale",
                Map.of("minParallelism", 1, "maxParallelism", 2)), "elastic");

        assertThat(EventLog.data(await(job, "dev.fling.job.started")).path("parallelism").asInt()).isEqualTo(1);
        JsonPath view = given().get("/jobs/{name}", job).then().statusCode(200).extract().jsonPath();
        assertThat(view.getInt("autoscaling.minParallelism")).isEqualTo(1);
        assertThat(view.getInt("autoscaling.maxParallelism")).isEqualTo(2);
        CloudEvent rescale = Requests.rescale(job, 2);
        requests.sendBinary(rescale);
        CloudEvent refused = events.await("refusal of " + rescale.getId(),
                e -> rescale.getId().equals(e.getExtension("flingrequestid")));
        assertThat(EventLog.data(refused).path("reason").asText()).isEqualTo("INVALID_STATE");

        requests.sendBinary(Requests.cancel(job, false));
        await(job, "dev.fling.job.cancelled");
        assertThat(events.types(job)).containsExactly("dev.fling.job.accepted", "dev.fling.job.started",
                "dev.fling.job.rejected", "dev.fling.job.accepted", "dev.fling.job.cancelled");
    }

    @Test
    void launchesBeyondCapacityWaitAsPendingAndStartInArrivalOrder() {
        // one after the other, so that the order they arrive in is known
        String first = Requests.jobName(launch("first", "BoundedWordCount"), "first");
        events.await(first, "dev.fling.job.accepted");
        String second = Requests.jobName(launch("second", "BoundedWordCount"), "second");
        events.await(second, "dev.fling.job.accepted");
        String third = Requests.jobName(launch("third", "BoundedWordCount"), "third");

        CloudEvent pending = await(third, "dev.fling.job.pending");
        assertThat(EventLog.data(pending).path("reason").asText()).contains("2 local clusters");
        await(first, "dev.fling.job.succeeded");
        await(second, "dev.fling.job.succeeded");
        await(third, "dev.fling.job.succeeded");
        assertThat(events.types(third)).containsExactly("dev.fling.job.accepted", "dev.fling.job.pending",
                "dev.fling.job.started", "dev.fling.job.succeeded");
    }
}
