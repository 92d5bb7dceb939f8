package dev.fling.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Fling as users run it: the packaged JVM build in its own process, configured by environment. */
public final class FlingProcess implements AutoCloseable {

    private static final String JAR = "target/quarkus-app/quarkus-run.jar";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;

    private FlingProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts the packaged build with these environment variables (plus a free HTTP port), with a
     * 256 MB heap unless the system property {@code fling.process.heap} says otherwise.
     */
    public static FlingProcess start(String name, Map<String, String> environment) throws IOException {
        return start(name, environment, freePort());
    }

    /** The same on a given HTTP port: a Fling restarted where its clients knew it. */
    public static FlingProcess start(String name, Map<String, String> environment, int port) throws IOException {
        // Another packaged build (a copy of an earlier one, for a start-up comparison) by fling.process.jar.
        Path jar = Path.of(System.getProperty("fling.process.jar", JAR));
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run the integration tests with mvn verify");
        }
        Path log = Path.of("target", "fling-process-" + name + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + System.getProperty("fling.process.heap", "256m"), "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        // The tests' job jars live under target/ (examples, jars made by Jars), outside the default directories.
        builder.environment().putIfAbsent("FLING_LOCAL_ALLOWED_JAR_DIRECTORIES", Path.of("target").toAbsolutePath().toString());
        builder.environment().put("FLING_HTTP_PORT", Integer.toString(port));
        return new FlingProcess(builder.start(), port, log);
    }

    /**
     * What a packaged Fling on the operator runtime needs: the broker, the API server, topics
     * {@code <prefix>.requests}, {@code .events} and {@code .dlq}, consumer group
     * {@code <prefix>-it}, and {@code namespace} as its only one. Returns a map to add to.
     */
    public static Map<String, String> operatorEnvironment(KafkaBroker kafka, String apiServerUrl, String prefix,
            String namespace) {
        return new java.util.HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL", apiServerUrl,
                "FLING_RUNTIME", "operator",
                "FLING_REQUESTS_TOPIC", prefix + ".requests",
                "FLING_EVENTS_TOPIC", prefix + ".events",
                "FLING_DEAD_LETTER_TOPIC", prefix + ".dlq",
                "FLING_CONSUMER_GROUP", prefix + "-it",
                "FLING_POLICY_ALLOWED_NAMESPACES", namespace,
                "FLING_DEFAULTS_NAMESPACE", namespace));
    }

    /**
     * What a packaged Fling on the local runtime needs: the broker, topics {@code <prefix>.requests},
     * {@code .events} and {@code .dlq}, consumer group {@code <prefix>-it}, its work directory,
     * polling every 300 ms and no warm pool (the cold path; WarmPoolIT covers the warm one).
     * Returns a map to add to.
     */
    public static Map<String, String> localEnvironment(KafkaBroker kafka, String workDirectory, String prefix) {
        return new java.util.HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "FLING_RUNTIME", "local",
                "FLING_LOCAL_WORK_DIRECTORY", workDirectory,
                "FLING_LOCAL_POLL_INTERVAL", "300ms",
                "FLING_LOCAL_WARM_POOL_SIZE", "0",
                "FLING_REQUESTS_TOPIC", prefix + ".requests",
                "FLING_EVENTS_TOPIC", prefix + ".events",
                "FLING_DEAD_LETTER_TOPIC", prefix + ".dlq",
                "FLING_CONSUMER_GROUP", prefix + "-it",
                "FLING_KAFKA_SESSION_TIMEOUT_MS", "6000"));
    }

    public int port() {
        return port;
    }

    /** Where the process serves HTTP. */
    public String url() {
        return "http://localhost:" + port;
    }

    /** GET on the process's HTTP port: status code and body, or -1 when it does not answer. */
    public HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** POST with a body; null when the process does not answer. */
    public HttpResponse<String> post(String path, String contentType, String body) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    public int status(String path) {
        HttpResponse<String> response = get(path);
        return response == null ? -1 : response.statusCode();
    }

    /**
     * Waits (a minute at most, or the seconds of the system property {@code fling.process.ready-within})
     * until the process reports ready; fails at once if it died.
     */
    public void awaitReady() {
        awaitReady(Duration.ofMillis(200));
    }

    /** Like {@link #awaitReady()}, asking every {@code pollInterval} (a start-up benchmark asks often). */
    public void awaitReady(Duration pollInterval) {
        org.awaitility.Awaitility.await("Fling is ready (log: " + log + ")").atMost(Duration.ofSeconds(Long.getLong("fling.process.ready-within", 60)))
                .pollDelay(Duration.ZERO).pollInterval(pollInterval).until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("Fling exited with " + process.exitValue() + "; see " + log);
                    }
                    return status("/q/health/ready") == 200;
                });
    }

    /** The operating system's id of the process (for jcmd and /proc). */
    public long pid() {
        return process.pid();
    }

    /** {@code http://localhost:<port>}, for clients of the process's own. */
    public URI baseUri() {
        return URI.create("http://localhost:" + port);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** Ends the process the hard way (a crash, a kill -9, a node lost). */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            kill();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
