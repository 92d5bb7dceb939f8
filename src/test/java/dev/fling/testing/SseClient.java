package dev.fling.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A text/event-stream read as a user's client reads it: {@code curl -N} as a separate process, or
 * the JDK's HttpClient reading the raw body. The lines are parsed as the SSE specification says
 * (field, colon, one optional space); what the test checks is the events and comments that came.
 */
public final class SseClient implements AutoCloseable {

    /** One event: the fields {@code id}, {@code event} and {@code data} as the client got them. */
    public record Frame(String id, String event, String data) {}

    private final List<Frame> frames = new CopyOnWriteArrayList<>();
    private final List<String> comments = new CopyOnWriteArrayList<>();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final AutoCloseable connection;
    private final int status;
    private final Map<String, List<String>> headers;
    private volatile boolean ended;

    private SseClient(InputStream body, AutoCloseable connection, int status, Map<String, List<String>> headers) {
        this.connection = connection;
        this.status = status;
        this.headers = headers;
        Thread reader = new Thread(() -> read(body), "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** {@code curl -sN} with these headers (name: value); the body is curl's standard output. */
    public static SseClient curl(URI uri, String... headers) throws IOException {
        List<String> command = new ArrayList<>(List.of("curl", "-sN"));
        for (String header : headers) {
            command.add("-H");
            command.add(header);
        }
        command.add(uri.toString());
        Process curl = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        return new SseClient(curl.getInputStream(), () -> {
            curl.destroy();
            curl.waitFor(5, TimeUnit.SECONDS);
        }, 200, Map.of());
    }

    /** The JDK's HttpClient, the body read raw as it arrives. */
    public static SseClient http(URI uri, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
        for (String header : headers) {
            int colon = header.indexOf(':');
            request.header(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        InputStream body = response.body();
        return new SseClient(body, body::close, response.statusCode(), response.headers().map());
    }

    public int status() {
        return status;
    }

    public String header(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }

    public List<Frame> frames() {
        return List.copyOf(frames);
    }

    public List<String> ids() {
        return frames.stream().map(Frame::id).toList();
    }

    public List<String> comments() {
        return List.copyOf(comments);
    }

    /** Every line received, as it came (for the body of an error answer, or a failure's message). */
    public String text() {
        return String.join("\n", lines);
    }

    /** Whether the server ended the stream. */
    public boolean ended() {
        return ended;
    }

    /** Waits until an event of that type came, and returns it. */
    public Frame await(String type) {
        return Awaitility.await("an event " + type + " on the stream (so far: " + ids() + ")")
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> frames.stream().filter(f -> type.equals(f.event())).findFirst().orElse(null),
                        frame -> frame != null);
    }

    /** Waits until the server ends the stream. */
    public void awaitEnd() {
        Awaitility.await("the server ends the stream (so far: " + ids() + ")").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50)).until(this::ended);
    }

    private void read(InputStream body) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = null;
            String event = null;
            StringBuilder data = null;
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
                if (line.isEmpty()) {
                    if (data != null) {
                        frames.add(new Frame(id, event, data.toString()));
                    }
                    id = null;
                    event = null;
                    data = null;
                    continue;
                }
                if (line.startsWith(":")) {
                    comments.add(value(line.substring(1)));
                    continue;
                }
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : value(line.substring(colon + 1));
                switch (field) {
                    case "id" -> id = value;
                    case "event" -> event = value;
                    case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                    default -> { }
                }
            }
        } catch (IOException e) {
            // the connection closed under the reader: the stream ended too
        } finally {
            ended = true;
        }
    }

    private static String value(String rest) {
        return rest.startsWith(" ") ? rest.substring(1) : rest;
    }

    @Override
    public void close() throws Exception {
        connection.close();
    }
}
