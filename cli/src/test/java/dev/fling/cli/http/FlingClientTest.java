package dev.fling.cli.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fling.cli.CliFailure;
import dev.fling.cli.CliRun;
import dev.fling.cli.ExitCode;
import dev.fling.cli.TestingClock;
import dev.fling.cli.TestingFling;
import dev.fling.cli.TestingFling.Reply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FlingClientTest {

    private final TestingClock clock = new TestingClock();
    private final ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();

    private FlingClient client(String url, Duration connectTimeout) {
        return new FlingClient(URI.create(url + "/"), Optional.empty(), connectTimeout, clock, clock,
                new PrintStream(diagnostics, true));
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void unreachableFlingIsTriedAgainForTheConnectTimeoutThenGivesUpWithItsCode() throws Exception {
        FlingClient client = client("http://127.0.0.1:" + closedPort(), Duration.ofSeconds(20));

        assertThatThrownBy(() -> client.get("/jobs")).isInstanceOfSatisfying(CliFailure.class, failure -> {
            assertThat(failure.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
            assertThat(failure.getMessage()).contains("within 20s (--connect-timeout)").contains("connection refused");
        });
        assertThat(clock.sleeps()).hasSizeGreaterThan(5).allSatisfy(wait ->
                assertThat(wait).isLessThanOrEqualTo(Backoff.LONGEST));
        assertThat(clock.sleeps().stream().reduce(Duration.ZERO, Duration::plus)).isEqualTo(Duration.ofSeconds(20));
        assertThat(diagnostics.toString()).containsOnlyOnce("connection refused");
    }

    @Test
    void busyAndUnavailableAnswersAreTriedAgainAsFlingAsks() throws Exception {
        AtomicInteger posts = new AtomicInteger();
        try (TestingFling fling = new TestingFling()) {
            fling.onPost(request -> switch (posts.incrementAndGet()) {
                case 1 -> new Reply(429, Map.of("Retry-After", "1"), "busy\n");
                case 2 -> new Reply(503, Map.of("Retry-After", "5"), "Kubernetes is away\n");
                default -> new Reply(200, Map.of("ce-subject", "etl-0123456789"), "{}");
            });

            Answer answer = client(fling.url(), Duration.ofMinutes(2)).send(new Request("dev.fling.job.launch", "x",
                    "/fling-cli", Map.of(), new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()));

            assertThat(answer.status()).isEqualTo(200);
            assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(5));
            assertThat(fling.posts()).extracting(p -> p.headers().get("ce-id")).containsExactly("x", "x", "x");
        }
    }

    @Test
    void theCommandLineExitsWithTheUnreachableCodeAfterItsShortRetryTime() throws Exception {
        CliRun run = CliRun.of(Map.of(), clock, clock, Duration.ofSeconds(60), "status", "etl-0123456789",
                "--url", "http://127.0.0.1:" + closedPort(), "--connect-timeout", "3s");

        assertThat(run.exitCode()).isEqualTo(14);
        assertThat(run.err()).contains("could not query Fling at http://127.0.0.1:");
        assertThat(clock.sleeps().stream().reduce(Duration.ZERO, Duration::plus)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aUrlThatIsNotHttpIsAUsageError() {
        CliRun run = CliRun.of(Map.of("FLING_URL", "localhost:8080"), "jobs");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("must start with http:// or https://");
    }
}
