package dev.fling.cli.http;

import dev.fling.cli.CliFailure;
import dev.fling.cli.Durations;
import dev.fling.cli.ExitCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Fling's HTTP API as the command line uses it: requests to {@code POST /} in binary mode with
 * {@code Prefer: reply}, queries under {@code /jobs}, and event streams. While Fling cannot be
 * reached or asks to be asked later (429, 502, 503, 504), it tries again with {@link Backoff}
 * for at most the connect timeout, then ends with {@link ExitCode#UNREACHABLE}. Requests carry a
 * fixed id, so sending one again is safe: Fling finds what the first one did.
 */
public final class FlingClient {

    private static final Set<Integer> TRY_AGAIN = Set.of(429, 502, 503, 504);
    private static final Duration ANSWER_TIME = Duration.ofSeconds(60);

    private final URI base;
    private final Optional<String> token;
    private final Duration connectTimeout;
    private final Clock clock;
    private final Sleeper sleeper;
    private final PrintStream diagnostics;
    private final HttpClient http;

    public FlingClient(URI base, Optional<String> token, Duration connectTimeout, Clock clock, Sleeper sleeper,
            PrintStream diagnostics) {
        this.base = base;
        this.token = token.filter(t -> !t.isBlank());
        this.connectTimeout = connectTimeout;
        this.clock = clock;
        this.sleeper = sleeper;
        this.diagnostics = diagnostics;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public URI base() {
        return base;
    }

    public Clock clock() {
        return clock;
    }

    public Sleeper sleeper() {
        return sleeper;
    }

    public PrintStream diagnostics() {
        return diagnostics;
    }

    /** Sends the request as a binary-mode CloudEvent and returns Fling's answer (200 accepted, 400 rejected, ...). */
    public Answer send(Request request) {
        HttpRequest.Builder builder = authorized(HttpRequest.newBuilder(base.resolve("/")))
                .timeout(ANSWER_TIME)
                .header("ce-specversion", "1.0")
                .header("ce-id", request.id())
                .header("ce-source", request.source())
                .header("ce-type", request.type())
                .header("Content-Type", "application/json")
                .header("Prefer", "reply")
                .POST(HttpRequest.BodyPublishers.ofString(request.data().toString(), StandardCharsets.UTF_8));
        for (Map.Entry<String, String> extension : request.extensions().entrySet()) {
            builder.header("ce-" + extension.getKey(), extension.getValue());
        }
        return exchange(builder.build(), "send the " + request.shortType() + " request to");
    }

    /** GET on a path of the API ({@code /jobs?...}, {@code /jobs/NAME}). */
    public Answer get(String pathAndQuery) {
        return exchange(authorized(HttpRequest.newBuilder(base.resolve(pathAndQuery))).timeout(ANSWER_TIME)
                .header("Accept", "application/json").GET().build(), "query");
    }

    /**
     * Opens an event stream once, without trying again (the caller follows its own deadline):
     * the response with its body still to read, or an {@link IOException} when Fling cannot be reached.
     */
    public HttpResponse<InputStream> openStream(String path, Optional<String> lastEventId)
            throws IOException, InterruptedException {
        HttpRequest.Builder builder = authorized(HttpRequest.newBuilder(base.resolve(path)))
                .header("Accept", "text/event-stream").GET();
        lastEventId.ifPresent(id -> builder.header("Last-Event-ID", id));
        HttpResponse<InputStream> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            String body = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
            throw notAuthorized(new Answer(response.statusCode(), response.headers(), body));
        }
        return response;
    }

    /** Whether Fling asks to be asked again later (busy, unavailable, or a proxy in front of it that is). */
    public static boolean tryAgain(int status) {
        return TRY_AGAIN.contains(status);
    }

    private Answer exchange(HttpRequest request, String what) {
        Backoff backoff = Backoff.within(clock, connectTimeout);
        String lastProblem = null;
        while (true) {
            String problem;
            Optional<Duration> retryAfter = Optional.empty();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                Answer answer = new Answer(response.statusCode(), response.headers(), response.body());
                if (answer.status() == 401 || answer.status() == 403) {
                    throw notAuthorized(answer);
                }
                if (!tryAgain(answer.status())) {
                    return answer;
                }
                problem = "Fling answered " + answer.status() + firstLine(answer.body());
                retryAfter = Backoff.retryAfter(answer.header("Retry-After"));
            } catch (IOException e) {
                problem = describe(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliFailure(ExitCode.UNREACHABLE, "interrupted while trying to reach Fling at " + base);
            }
            Optional<Duration> wait = backoff.next(retryAfter);
            if (wait.isEmpty()) {
                throw new CliFailure(ExitCode.UNREACHABLE, "could not " + what + " Fling at " + base + " within "
                        + Durations.format(connectTimeout) + " (--connect-timeout): " + problem);
            }
            if (!problem.equals(lastProblem)) {
                diagnostics.println("fling: " + problem + "; trying again until "
                        + Durations.format(connectTimeout) + " have passed");
                lastProblem = problem;
            }
            try {
                sleeper.sleep(wait.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliFailure(ExitCode.UNREACHABLE, "interrupted while trying to reach Fling at " + base);
            }
        }
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder builder) {
        token.ifPresent(t -> builder.header("Authorization", "Bearer " + t));
        return builder;
    }

    private CliFailure notAuthorized(Answer answer) {
        String why = answer.status() == 401
                ? (token.isPresent() ? "Fling did not accept the token (401)" : "Fling asks for a token (401): pass "
                        + "--token or set FLING_TOKEN")
                : "the token is valid but not allowed to call Fling (403)";
        return new CliFailure(ExitCode.NOT_AUTHORIZED, why + firstLine(answer.body()));
    }

    /** Why a connection failed, in words: the JDK's exceptions often carry no message. */
    public static String describe(IOException e) {
        String kind = e.getClass().getSimpleName();
        if (e instanceof java.net.ConnectException) {
            return "Fling is not reachable (connection refused)";
        }
        if (e instanceof java.net.http.HttpConnectTimeoutException) {
            return "Fling is not reachable (no connection within 5 s)";
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "Fling did not answer within " + Durations.format(ANSWER_TIME);
        }
        return "Fling is not reachable (" + kind + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
    }

    private static String firstLine(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String line = body.strip().lines().findFirst().orElse("");
        return ": " + (line.length() > 200 ? line.substring(0, 200) + "..." : line);
    }
}
