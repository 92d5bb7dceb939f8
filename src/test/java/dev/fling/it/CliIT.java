package dev.fling.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.testing.EventLog;
import dev.fling.testing.FlingCli;
import dev.fling.testing.FlingCli.Result;
import dev.fling.testing.FlingProcess;
import dev.fling.testing.KafkaBroker;
import dev.fling.testing.LocalClusters;
import io.cloudevents.CloudEvent;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code fling} command line driven as a workflow step drives it: a process of its own
 * ({@code java -jar target/cli/fling.jar}) against the packaged Fling on the local runtime (real
 * Flink clusters) and a real broker; what it prints and how it exits.
 */
class CliIT {

    private static final String WORK = Path.of("target", "cli-it", Long.toString(ProcessHandle.current().pid()))
            .toAbsolutePath().toString();
    private static final Duration JOB_TIME = Duration.ofMinutes(3);
    private static final Duration QUICK = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static FlingProcess fling;
    private static EventLog events;

    @BeforeAll
    static void startFling() throws Exception {
        KafkaBroker kafka = KafkaBroker.shared();
        kafka.createTopics(1, "cli.requests", "cli.events", "cli.dlq");
        events = new EventLog(kafka.bootstrapServers(), "cli.events");
        fling = FlingProcess.start("cli-it", Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "FLING_RUNTIME", "local",
                "FLING_LOCAL_WORK_DIRECTORY", WORK,
                "FLING_LOCAL_POLL_INTERVAL", "300ms",
                "FLING_LOCAL_WARM_POOL_SIZE", "0", // the cold path: WarmPoolIT covers the warm one
                "FLING_LOCAL_MAX_CLUSTERS", "3",
                "FLING_REQUESTS_TOPIC", "cli.requests",
                "FLING_EVENTS_TOPIC", "cli.events",
                "FLING_DEAD_LETTER_TOPIC", "cli.dlq",
                "FLING_CONSUMER_GROUP", "cli-it"));
        fling.awaitReady();
    }

    @AfterAll
    static void stop() throws Exception {
        if (fling != null) {
            fling.close();
        }
        if (events != null) {
            events.close();
        }
        LocalClusters.stopAllUnder(WORK);
    }

    private static Result fling(Duration limit, String... args) throws Exception {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--url";
        all[args.length + 1] = fling.baseUri().toString();
        return FlingCli.run(limit, all);
    }

    private static String example(String name) {
        return "dev.fling.examples." + name;
    }

    private static List<String> types(Result run) {
        return run.out().lines().filter(line -> !line.startsWith(" ")).map(line -> line.trim().split("\\s+")[1])
                .toList();
    }

    @Test
    void launchWaitOfASucceedingJobPrintsItsEventsAndExitsZeroAndARetryWithTheSameIdFindsIt() throws Exception {
        Result run = fling(JOB_TIME, "launch", "--jar", LocalClusters.examplesJar(), "--class",
                example("BoundedWordCount"), "--name", "wordcount", "--parallelism", "2", "--id", "cli-wordcount",
                "--wait", "--timeout", "3m");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(types(run)).as(run.toString()).containsExactly("accepted", "started", "succeeded");
        assertThat(run.out()).contains("parallelism=2").containsPattern("flinkJobId=[0-9a-f]{32}");
        String job = run.job();
        assertThat(job).startsWith("wordcount-");

        // the step is retried by its engine: same id, so the same job, and its outcome at once
        Result retried = fling(QUICK, "launch", "--jar", LocalClusters.examplesJar(), "--class",
                example("BoundedWordCount"), "--name", "wordcount", "--parallelism", "2", "--id", "cli-wordcount",
                "--wait");
        assertThat(retried.exitCode()).as(retried.toString()).isZero();
        assertThat(retried.job()).isEqualTo(job);
        assertThat(types(retried)).containsExactly("accepted", "started", "succeeded");

        Result jobs = fling(QUICK, "jobs", "--source", "/fling-cli", "-o", "json");
        JsonNode listed = JSON.readTree(jobs.out());
        assertThat(listed.findValuesAsText("requestId")).containsOnlyOnce("cli-wordcount");
        assertThat(events.forJob(job)).filteredOn(e -> e.getType().endsWith(".started")).hasSize(1);
        assertThat(LocalClusters.registryEntry(WORK, job).path("attempt").asInt()).as("one cluster, never relaunched")
                .isEqualTo(1);
    }

    @Test
    void launchWaitOfAFailingJobPrintsFlinksRootCauseAndExitsWithTheFailedCode() throws Exception {
        Result run = fling(JOB_TIME, "launch", "--jar", LocalClusters.examplesJar(), "--class", example("FailingJob"),
                "--arg", "cli", "--arg", "step", "--name", "failing", "--wait", "--timeout", "3m");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(10);
        assertThat(types(run)).as(run.toString()).containsExactly("accepted", "started", "failed");
        assertThat(run.out()).contains("fling example failure: cli step");
        assertThat(run.err()).contains("request id ").contains("job " + run.job() + ": the job failed");
    }

    @Test
    void aStreamingJobSteeredFromOtherFlingProcessesEndsTheWaitingOneWithTheCancelledCode() throws Exception {
        FlingCli.Running waiting = FlingCli.start("launch", "--jar", LocalClusters.examplesJar(), "--class",
                example("StreamingCounter"), "--name", "counter", "--wait", "--url", fling.baseUri().toString());
        Awaitility.await("the waiting launch prints that the job started").atMost(JOB_TIME)
                .until(() -> waiting.outSoFar().contains(" started "));
        String job = new Result(0, waiting.outSoFar(), "").job();

        Result rescale = fling(JOB_TIME, "rescale", job, "2", "--wait");
        assertThat(rescale.exitCode()).as(rescale.toString()).isZero();
        assertThat(types(rescale)).as(rescale.toString()).containsExactly("accepted", "rescaled");
        assertThat(rescale.out()).contains("from=1 to=2");
        Result savepoint = fling(JOB_TIME, "savepoint", job, "--wait");
        assertThat(savepoint.exitCode()).as(savepoint.toString()).isZero();
        assertThat(types(savepoint)).as(savepoint.toString()).containsExactly("accepted", "savepoint.completed");
        assertThat(savepoint.out()).containsPattern("savepoint.completed +" + job + " path=file:");
        Result status = fling(QUICK, "status", job);
        assertThat(status.out()).as(status.toString()).contains("state: running\n").contains("parallelism: 2\n");
        Result soFar = fling(QUICK, "events", job);
        assertThat(types(soFar)).as(soFar.toString()).contains("started", "rescaled", "savepoint.completed");

        Result cancel = fling(JOB_TIME, "cancel", job, "--savepoint", "--wait");

        assertThat(cancel.exitCode()).as(cancel.toString()).isZero();
        assertThat(types(cancel)).as(cancel.toString()).containsExactly("accepted", "cancelled");
        assertThat(cancel.out()).contains("reason=requested").contains("savepointPath=");
        Result waited = waiting.await(QUICK);
        assertThat(waited.exitCode()).as(waited.toString()).isEqualTo(11);
        // the job's stream also carries each command's accepted event: the waiting step sees who steered it
        assertThat(types(waited)).containsExactly("accepted", "started", "accepted", "rescaled", "accepted",
                "savepoint.completed", "accepted", "cancelled");
        assertThat(waited.out()).contains("request=rescale").contains("request=savepoint").contains("request=cancel");
    }

    @Test
    void badInputIsAUsageErrorBeforeAnythingIsSentAndARejectedLaunchPrintsItsReasonsFieldByField(
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Result unknownFlag = fling(QUICK, "launch", "--jar", LocalClusters.examplesJar(), "--paralelism", "2");
        Path malformed = Files.writeString(dir.resolve("launch.json"), "{\"jarURI\": 42, \"parallelism\": 0}");
        Result badData = fling(QUICK, "launch", "--data", malformed.toString());

        assertThat(unknownFlag.exitCode()).as(unknownFlag.toString()).isEqualTo(2);
        assertThat(unknownFlag.err()).contains("--paralelism");
        assertThat(badData.exitCode()).as(badData.toString()).isEqualTo(2);
        assertThat(badData.err()).contains("/jarURI: ").contains("/parallelism: ");

        Result rejected = fling(QUICK, "launch", "--jar", LocalClusters.examplesJar(), "--parallelism", "100",
                "--label", "fling.dev/owner=me", "--id", "cli-rejected");

        assertThat(rejected.exitCode()).as(rejected.toString()).isEqualTo(13);
        assertThat(rejected.out()).contains(" rejected ").contains("reason=POLICY_VIOLATION")
                .containsPattern("\n    /parallelism: .*64").contains("\n    /labels");
        assertThat(rejected.err()).contains("Fling rejected the launch (POLICY_VIOLATION)");
        // the rejected launch's event is on the topic after anything the usage errors could have sent
        CloudEvent rejection = events.await("the rejected launch's event",
                e -> e.getType().equals("dev.fling.job.rejected") && "cli-rejected".equals(e.getExtension("flingrequestid")));
        assertThat(events.records()).extracting(r -> r.value().getType())
                .filteredOn(type -> type.equals("dev.fling.job.rejected")).hasSize(1);
        assertThat(rejection).isNotNull();
    }

    @Test
    void unreachableFlingExitsWithItsCodeAfterTheRetryTimeGiven() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        long start = System.nanoTime();

        Result run = FlingCli.run(QUICK, "launch", "--jar", LocalClusters.examplesJar(), "--url",
                "http://127.0.0.1:" + closed, "--connect-timeout", "3s");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(14);
        assertThat(run.err()).contains("could not send the launch request to Fling at http://127.0.0.1:" + closed)
                .contains("within 3s (--connect-timeout)").contains("connection refused");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("bounded by --connect-timeout")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    }
}
