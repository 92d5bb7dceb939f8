package dev.fling.cli.command;

import static dev.fling.cli.TestingFling.cloudEvent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fling.cli.CliRun;
import dev.fling.cli.TestingFling;
import dev.fling.cli.TestingFling.Reply;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** --wait, events --follow and events: what is printed and the exit code, against a scripted event stream. */
class WaitTest {

    private static final String JOB = "etl-0123456789";
    private static final String ACCEPTED = "default/" + JOB + "/accepted";

    private TestingFling fling;

    @BeforeEach
    void start() throws Exception {
        fling = new TestingFling();
        fling.onPost(LaunchCommandTest::accepted);
        fling.event(cloudEvent(ACCEPTED, JOB, "accepted", "2024-05-01T10:00:00Z",
                Map.of("job", JOB, "namespace", "default", "request", "launch"),
                Map.of("flingrequestid", "launch-1")));
        fling.event(cloudEvent("default/" + JOB + "/started/1", JOB, "started", "2024-05-01T10:00:05Z",
                Map.of("job", JOB, "flinkJobId", "a1b2", "parallelism", 2, "attempt", 1),
                Map.of("flingrequestid", "launch-1")));
    }

    @AfterEach
    void stop() {
        fling.close();
    }

    private CliRun fling(String... args) {
        return CliRun.of(Map.of("FLING_URL", fling.url()), Duration.ofSeconds(60), args);
    }

    @ParameterizedTest
    @CsvSource({"succeeded,0", "failed,10", "cancelled,11", "timedout,12"})
    void launchWaitPrintsEachEventOnceAndExitsWithHowTheJobEnded(String end, int exitCode) {
        fling.event(cloudEvent("default/" + JOB + "/" + end, JOB, end, "2024-05-01T10:01:00Z",
                end.equals("failed") ? Map.of("job", JOB, "error", "java.lang.IllegalStateException: boom\n\tat X.map(X.java:1)",
                        "attempts", 1) : Map.of("job", JOB), Map.of("flingrequestid", "launch-1")));

        CliRun run = fling("launch", "--jar", "file:///jobs/etl.jar", "--id", "launch-1", "--wait");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(exitCode);
        assertThat(run.out().lines().filter(line -> !line.startsWith(" ")).toList()).containsExactly(
                "10:00:00  accepted             " + JOB + " namespace=default request=launch runtime=local",
                "10:00:05  started              " + JOB + " attempt=1 flinkJobId=a1b2 parallelism=2",
                "10:01:00  " + String.format("%-19s", end) + "  " + JOB + (end.equals("failed") ? " attempts=1" : ""));
        if (end.equals("failed")) {
            assertThat(run.out()).contains("\n  error:\n    java.lang.IllegalStateException: boom\n    \tat X.map");
        }
        if (exitCode != 0) {
            assertThat(run.err()).contains("job " + JOB + ":");
        }
    }

    @Test
    void aDroppedStreamIsResumedAfterTheLastEventSeenWithNothingLostOrRepeated() {
        fling.event(cloudEvent("default/" + JOB + "/succeeded", JOB, "succeeded", "2024-05-01T10:01:00Z",
                Map.of("job", JOB), Map.of()));
        fling.dropFirstStreams = 2;
        fling.dropAfter = 1;

        CliRun run = fling("launch", "--jar", "file:///jobs/etl.jar", "--id", "launch-1", "--wait");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(fling.lastEventIds()).containsExactly("", ACCEPTED, "default/" + JOB + "/started/1");
        assertThat(run.out().lines().map(line -> line.substring(10, 29).strip()).toList())
                .containsExactly("accepted", "started", "succeeded");
        assertThat(run.err()).contains("reconnecting after event " + ACCEPTED);
    }

    @Test
    void waitGivesUpAfterTheTimeoutAndSaysTheJobGoesOn() {
        CliRun run = fling("launch", "--jar", "file:///jobs/etl.jar", "--id", "launch-1", "--wait", "--timeout", "1s");

        assertThat(run.exitCode()).isEqualTo(15);
        assertThat(run.out()).contains("started");
        assertThat(run.err()).contains("gave up waiting after 1s (--timeout); job " + JOB + " goes on");
    }

    @Test
    void rescaleWaitFollowsFromItsOwnAcceptedEventAndEndsAtItsOwnRescale() {
        fling.event(cloudEvent("default/" + JOB + "/rescaled/1", JOB, "rescaled", "2024-05-01T10:00:10Z",
                Map.of("job", JOB, "from", 2, "to", 3, "method", "in-place"), Map.of("flingrequestid", "earlier")));
        fling.event(cloudEvent("default/" + JOB + "/accepted/mine", JOB, "accepted", "2024-05-01T10:00:15Z",
                Map.of("job", JOB, "request", "rescale"), Map.of("flingrequestid", "mine")));
        fling.event(cloudEvent("default/" + JOB + "/rescaled/2", JOB, "rescaled", "2024-05-01T10:00:20Z",
                Map.of("job", JOB, "from", 3, "to", 4, "method", "in-place"), Map.of("flingrequestid", "mine")));

        CliRun run = fling("rescale", JOB, "4", "--id", "mine", "--wait");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(fling.posts().get(0).body()).isEqualTo("{\"job\":\"" + JOB + "\",\"parallelism\":4}");
        assertThat(fling.lastEventIds()).containsExactly("default/" + JOB + "/accepted/mine");
        assertThat(run.out().lines().map(line -> line.substring(10, 29).strip())).containsExactly("accepted", "rescaled");
        assertThat(run.out()).endsWith("from=3 method=in-place to=4\n");
    }

    @Test
    void rescaleWaitIgnoresAnEarlierRescaleWhenTheStreamStartsFromTheBeginning() {
        fling.event(cloudEvent("default/" + JOB + "/rescaled/1", JOB, "rescaled", "2024-05-01T10:00:10Z",
                Map.of("job", JOB, "from", 2, "to", 3, "method", "in-place"), Map.of("flingrequestid", "earlier")));
        fling.event(cloudEvent("default/" + JOB + "/rescaled/2", JOB, "rescaled", "2024-05-01T10:00:20Z",
                Map.of("job", JOB, "from", 3, "to", 4, "method", "in-place"), Map.of("flingrequestid", "mine")));

        CliRun run = fling("rescale", JOB, "4", "--id", "mine", "--wait");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("from=2 method=in-place to=3").endsWith("from=3 method=in-place to=4\n");
    }

    @Test
    void savepointWaitOfAJobThatEndsFirstExitsWithEndedBeforeOutcome() {
        fling.event(cloudEvent("default/" + JOB + "/succeeded", JOB, "succeeded", "2024-05-01T10:01:00Z",
                Map.of("job", JOB), Map.of()));

        CliRun run = fling("savepoint", JOB, "--id", "sp-1", "--wait");

        assertThat(run.exitCode()).isEqualTo(18);
        assertThat(run.out()).contains("succeeded");
    }

    @Test
    void cancelWaitEndsWhenTheJobIsCancelled() {
        fling.event(cloudEvent("default/" + JOB + "/cancelled", JOB, "cancelled", "2024-05-01T10:01:00Z",
                Map.of("job", JOB, "savepointPath", "file:///sp/savepoint-1", "reason", "requested"),
                Map.of("flingrequestid", "cancel-1")));

        CliRun run = fling("cancel", JOB, "--savepoint", "--id", "cancel-1", "--wait");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(fling.posts().get(0).body()).isEqualTo("{\"job\":\"" + JOB + "\",\"savepoint\":true}");
        assertThat(run.out()).contains("reason=requested savepointPath=file:///sp/savepoint-1");
    }

    @Test
    void eventsFollowExitsWithTheJobsOutcomeAndEventsWithoutFollowStopsAtTheLastListedEvent() {
        fling.onGet(path -> new Reply(200, Map.of("Content-Type", "application/json"),
                "{\"name\":\"" + JOB + "\",\"events\":[{\"type\":\"dev.fling.job.accepted\",\"id\":\"" + ACCEPTED
                        + "\"},{\"type\":\"dev.fling.job.started\",\"id\":\"default/" + JOB + "/started/1\"}]}"));

        CliRun soFar = fling("events", JOB);
        assertThat(soFar.exitCode()).as(soFar.err()).isZero();
        assertThat(soFar.out().lines()).hasSize(2);

        fling.event(cloudEvent("default/" + JOB + "/failed", JOB, "failed", "2024-05-01T10:01:00Z",
                Map.of("job", JOB, "error", "boom"), Map.of()));
        CliRun followed = fling("events", JOB, "--follow", "-o", "json");
        assertThat(followed.exitCode()).isEqualTo(10);
        assertThat(followed.out().lines()).hasSize(3).allSatisfy(line -> assertThat(line).startsWith("{\"specversion\""));
    }

    @Test
    void eventsOfAnUnknownJobExitWithNoSuchJob() {
        CliRun run = fling("events", "nope-0123456789", "--follow");

        assertThat(run.exitCode()).isEqualTo(17);
        assertThat(run.err()).contains("Fling knows no job at /jobs/nope-0123456789/events");
    }
}
