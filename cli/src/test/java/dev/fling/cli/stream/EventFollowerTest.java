package dev.fling.cli.stream;

import static dev.fling.cli.TestingFling.cloudEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fling.cli.CliFailure;
import dev.fling.cli.ExitCode;
import dev.fling.cli.TestingFling;
import dev.fling.cli.http.FlingClient;
import dev.fling.cli.http.Sleeper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventFollowerTest {

    private static final String JOB = "etl-0123456789";

    private TestingFling fling;
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        fling = new TestingFling();
        for (String type : List.of("accepted", "started")) {
            fling.event(cloudEvent("default/" + JOB + "/" + type, JOB, type, "2024-05-01T10:00:00Z",
                    Map.of("job", JOB), Map.of()));
        }
    }

    @AfterEach
    void stop() {
        fling.close();
    }

    private Optional<ExitCode> follow(Duration idleLimit, Duration timeout) {
        FlingClient client = new FlingClient(URI.create(fling.url() + "/"), Optional.empty(), Duration.ofSeconds(5),
                Clock.systemUTC(), Sleeper.REAL, new PrintStream(diagnostics, true));
        return new EventFollower(client, idleLimit).follow("/jobs/" + JOB + "/events", Optional.empty(),
                Instant.now().plus(timeout), (JsonNode event) -> {
                    seen.add(event.path("type").asText());
                    return WaitRule.jobEnds().decide(event);
                });
    }

    @Test
    void aStreamThatClosesBeforeTheEndIsReconnectedAfterItsLastEvent() {
        fling.closeAtEnd = true;
        fling.event(cloudEvent("default/" + JOB + "/succeeded", JOB, "succeeded", "2024-05-01T10:00:00Z",
                Map.of("job", JOB), Map.of()));
        fling.dropFirstStreams = 1;
        fling.dropAfter = 2;

        assertThat(follow(Duration.ofSeconds(60), Duration.ofSeconds(20))).contains(ExitCode.OK);

        assertThat(seen).containsExactly("dev.fling.job.accepted", "dev.fling.job.started", "dev.fling.job.succeeded");
        assertThat(fling.lastEventIds()).containsExactly("", "default/" + JOB + "/started");
    }

    @Test
    void tooManyStreamsIsTriedAgainAsAsked() {
        fling.busyFirstStreams = 2;
        fling.event(cloudEvent("default/" + JOB + "/cancelled", JOB, "cancelled", "2024-05-01T10:00:00Z",
                Map.of("job", JOB), Map.of()));

        assertThat(follow(Duration.ofSeconds(60), Duration.ofSeconds(20))).contains(ExitCode.CANCELLED);

        assertThat(fling.lastEventIds()).containsExactly("", "", "");
        assertThat(diagnostics.toString()).contains("Fling answered 503 to the event stream");
    }

    @Test
    void aSilentStreamIsTakenAsDeadAndReconnected() {
        assertThat(follow(Duration.ofMillis(300), Duration.ofSeconds(3))).isEmpty();

        assertThat(seen).containsExactly("dev.fling.job.accepted", "dev.fling.job.started");
        assertThat(fling.lastEventIds()).hasSizeGreaterThan(1).startsWith("", "default/" + JOB + "/started");
        assertThat(diagnostics.toString()).contains("nothing came on the event stream");
    }

    @Test
    void theDeadlineEndsAWaitOnAnOpenStream() {
        long start = System.nanoTime();

        assertThat(follow(Duration.ofSeconds(60), Duration.ofMillis(800))).isEmpty();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(fling.lastEventIds()).containsExactly("");
    }

    @Test
    void anUnknownJobEndsAtOnce() throws Exception {
        TestingFling empty = fling;
        fling = null;
        try (TestingFling unknown = new TestingFling()) {
            fling = unknown;
            assertThatThrownBy(() -> follow(Duration.ofSeconds(60), Duration.ofSeconds(20)))
                    .isInstanceOfSatisfying(CliFailure.class,
                            failure -> assertThat(failure.exitCode()).isEqualTo(ExitCode.NO_SUCH_JOB));
        } finally {
            fling = empty;
        }
    }
}
