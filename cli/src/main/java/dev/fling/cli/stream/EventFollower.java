package dev.fling.cli.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.cli.CliFailure;
import dev.fling.cli.ExitCode;
import dev.fling.cli.http.Backoff;
import dev.fling.cli.http.FlingClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Follows one of Fling's event streams ({@code GET /jobs/NAME/events}) until the handler has what
 * it waits for. When the connection drops (Fling restarted, a slow reader cut off, nothing at all
 * read for {@code idleLimit} although Fling sends keep-alives) or Fling is busy (503), it
 * reconnects with {@code Last-Event-ID} so that no event is lost or shown twice, backing off
 * between tries, until the deadline.
 */
public final class EventFollower {

    /** Sees each event (a structured CloudEvent) once, in order; a result ends the following. */
    @FunctionalInterface
    public interface Handler {
        Optional<ExitCode> onEvent(JsonNode event);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FlingClient client;
    private final Duration idleLimit;

    public EventFollower(FlingClient client, Duration idleLimit) {
        this.client = client;
        this.idleLimit = idleLimit;
    }

    /**
     * Follows {@code path} from the start of the stream, or right after {@code resumeAfter};
     * returns the handler's result, or empty when {@code deadline} came first.
     */
    public Optional<ExitCode> follow(String path, Optional<String> resumeAfter, Instant deadline, Handler handler) {
        Clock clock = client.clock();
        Backoff backoff = new Backoff(clock, deadline);
        SseParser parser = new SseParser();
        Optional<String> lastId = resumeAfter;
        Set<String> seen = new HashSet<>();
        String lastProblem = null;
        try (Watchdog watchdog = new Watchdog(clock, deadline, idleLimit)) {
            while (clock.instant().isBefore(deadline)) {
                String problem;
                Optional<Duration> retryAfter = Optional.empty();
                try {
                    Optional<String> resume = lastId;
                    HttpResponse<InputStream> response = watchdog.guard(() -> client.openStream(path, resume));
                    int status = response.statusCode();
                    if (status == 200) {
                        Optional<ExitCode> result = read(response.body(), parser, seen, handler, watchdog, backoff);
                        if (result.isPresent()) {
                            return result;
                        }
                        problem = "the event stream closed before the end";
                    } else {
                        String body = drain(response.body());
                        if (status == 404) {
                            throw new CliFailure(ExitCode.NO_SUCH_JOB, "Fling knows no job at " + path
                                    + (body.isBlank() ? "" : ": " + body.strip()));
                        }
                        if (!FlingClient.tryAgain(status)) {
                            throw new CliFailure(ExitCode.SOFTWARE, "Fling answered " + status + " to GET " + path
                                    + (body.isBlank() ? "" : ": " + body.strip()));
                        }
                        problem = "Fling answered " + status + " to the event stream";
                        retryAfter = Backoff.retryAfter(response.headers().firstValue("Retry-After"));
                    }
                } catch (IOException e) {
                    problem = watchdog.idle() ? "nothing came on the event stream for " + idleLimit.toSeconds()
                            + " s" : FlingClient.describe(e);
                } catch (InterruptedException e) {
                    problem = "the event stream was interrupted";
                }
                lastId = parser.lastEventId().or(() -> resumeAfter);
                parser.reset();
                Optional<Duration> wait = backoff.next(retryAfter.or(parser::retry));
                if (wait.isEmpty()) {
                    break;
                }
                if (!problem.equals(lastProblem)) {
                    client.diagnostics().println("fling: " + problem + "; reconnecting"
                            + lastId.map(id -> " after event " + id).orElse(""));
                    lastProblem = problem;
                }
                try {
                    client.sleeper().sleep(wait.get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return Optional.empty();
        }
    }

    private Optional<ExitCode> read(InputStream body, SseParser parser, Set<String> seen, Handler handler,
            Watchdog watchdog, Backoff backoff) throws IOException {
        watchdog.watch(body);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                watchdog.activity();
                Optional<SseEvent> event = parser.line(line);
                if (event.isEmpty()) {
                    continue;
                }
                backoff.reset();
                if (event.get().id().isPresent() && !seen.add(event.get().id().get())) {
                    continue; // already shown before a reconnect
                }
                JsonNode cloudEvent;
                try {
                    cloudEvent = JSON.readTree(event.get().data());
                } catch (IOException e) {
                    client.diagnostics().println("fling: skipped an event that is not JSON: " + event.get().data());
                    continue;
                }
                Optional<ExitCode> result = handler.onEvent(cloudEvent);
                if (result.isPresent()) {
                    return result;
                }
            }
            return Optional.empty();
        } finally {
            watchdog.unwatch();
        }
    }

    private static String drain(InputStream body) {
        try (body) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Ends a blocked read or connect when the deadline passes or the stream has been silent for
     * too long: closes the stream it reads, then interrupts the following thread. In that order:
     * the JDK's response stream ignores an interrupt unless it is closed already.
     */
    private static final class Watchdog implements AutoCloseable {

        /** Something that blocks on the network. */
        interface Blocking<T> {
            T run() throws IOException, InterruptedException;
        }

        private final Clock clock;
        private final Instant deadline;
        private final long idleLimitNanos;
        private final Thread follower = Thread.currentThread();
        private final ScheduledExecutorService ticks;
        private boolean guarding;
        private InputStream stream;
        private volatile long lastActivity = System.nanoTime();
        private volatile boolean idle;

        Watchdog(Clock clock, Instant deadline, Duration idleLimit) {
            this.clock = clock;
            this.deadline = deadline;
            this.idleLimitNanos = idleLimit.toNanos();
            this.ticks = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "fling-stream-watchdog");
                thread.setDaemon(true);
                return thread;
            });
            long period = Math.max(20, Math.min(250, idleLimit.toMillis() / 4));
            ticks.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
        }

        <T> T guard(Blocking<T> blocking) throws IOException, InterruptedException {
            watch(null);
            try {
                return blocking.run();
            } finally {
                unwatch();
            }
        }

        /** Watches a read of {@code body} until {@link #unwatch()}. */
        synchronized void watch(InputStream body) {
            idle = false;
            activity();
            stream = body;
            guarding = true;
        }

        /** No interrupt comes after this returns; one that came before is cleared. */
        synchronized void unwatch() {
            guarding = false;
            stream = null;
            Thread.interrupted();
        }

        void activity() {
            lastActivity = System.nanoTime();
        }

        boolean idle() {
            return idle;
        }

        private synchronized void tick() {
            if (!guarding) {
                return;
            }
            boolean late = !clock.instant().isBefore(deadline);
            boolean silent = System.nanoTime() - lastActivity > idleLimitNanos;
            if (!late && !silent) {
                return;
            }
            idle = silent && !late;
            if (stream != null) {
                try {
                    stream.close();
                } catch (IOException ignored) {
                    // closing is all that is wanted
                }
            }
            follower.interrupt(); // again at each tick until the follower has stopped reading
        }

        @Override
        public void close() {
            ticks.shutdownNow();
            unwatch();
        }
    }
}
