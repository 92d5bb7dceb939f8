package dev.fling.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A small HTTP server that speaks the part of Fling's API the command line uses: {@code POST /}
 * answered by a switchable function, {@code GET /jobs...} from canned JSON, and
 * {@code GET /jobs/NAME/events} as a {@code text/event-stream} of scripted events, resumable with
 * {@code Last-Event-ID}, with switches to drop the first connections, go silent, or answer 503 first.
 */
public final class TestingFling implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    /** An answer to give: status, headers, body. */
    public record Reply(int status, Map<String, String> headers, String body) {}

    /** A request Fling received: its headers (lower case) and body. */
    public record Received(String method, String path, Map<String, String> headers, String body) {}

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> lastEventIds = new CopyOnWriteArrayList<>();
    private final List<ObjectNode> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger streams = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile Function<Received, Reply> onPost = r -> new Reply(202, Map.of(), "");
    private volatile Function<String, Reply> onGet = path -> new Reply(404, Map.of(), "no such job\n");
    /** The first this-many stream connections are dropped after {@link #dropAfter} events. */
    public volatile int dropFirstStreams;
    public volatile int dropAfter = 1;
    /** The first this-many stream connections are answered 503 with Retry-After: 0. */
    public volatile int busyFirstStreams;
    /**
     * The stream closes after its events even without a terminal event (as a restarted Fling
     * would); otherwise it stays open without a byte, as a half-dead connection would.
     */
    public volatile boolean closeAtEnd;

    public TestingFling() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "testing-fling");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void onPost(Function<Received, Reply> answer) {
        this.onPost = answer;
    }

    public void onGet(Function<String, Reply> answer) {
        this.onGet = answer;
    }

    /** Adds an event (structured CloudEvent) to the stream of the job its subject names. */
    public void event(ObjectNode event) {
        events.add(event);
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> posts() {
        return received.stream().filter(r -> r.method().equals("POST")).toList();
    }

    /** The Last-Event-ID of each stream connection ("" when none was sent). */
    public List<String> lastEventIds() {
        return List.copyOf(lastEventIds);
    }

    /** The events a job's stream would carry: a structured CloudEvent of {@code type} with {@code data}. */
    public static ObjectNode cloudEvent(String id, String job, String type, String time, Map<String, ?> data,
            Map<String, String> extensions) {
        ObjectNode event = JSON.createObjectNode().put("specversion", "1.0").put("id", id).put("source", "/fling")
                .put("type", "dev.fling.job." + type).put("subject", job).put("time", time);
        extensions.forEach(event::put);
        event.set("data", JSON.valueToTree(data));
        return event;
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new java.util.TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().toString();
        Received request = new Received(exchange.getRequestMethod(), path, headers, body);
        received.add(request);
        try (exchange) {
            if (request.method().equals("POST")) {
                reply(exchange, onPost.apply(request));
            } else if (exchange.getRequestURI().getPath().endsWith("/events")) {
                String job = exchange.getRequestURI().getPath().replaceAll("^/jobs/([^/]+)/events$", "$1");
                stream(exchange, job, headers.getOrDefault("last-event-id", ""));
            } else {
                reply(exchange, onGet.apply(path));
            }
        }
    }

    private void stream(HttpExchange exchange, String job, String lastEventId) throws IOException {
        int connection = streams.getAndIncrement();
        lastEventIds.add(lastEventId);
        if (connection < busyFirstStreams) {
            reply(exchange, new Reply(503, Map.of("Retry-After", "0"), "too many streams\n"));
            return;
        }
        List<ObjectNode> toSend = events.stream().filter(e -> e.path("subject").asText().equals(job)).toList();
        if (toSend.isEmpty()) {
            reply(exchange, new Reply(404, Map.of(), "no such job\n"));
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        int from = 0;
        for (int i = 0; i < toSend.size(); i++) {
            if (toSend.get(i).path("id").asText().equals(lastEventId)) {
                from = i + 1;
            }
        }
        out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
        int sent = 0;
        for (ObjectNode event : toSend.subList(from, toSend.size())) {
            if (connection < dropFirstStreams && sent == dropAfter) {
                out.write("data: {\"half\":".getBytes(StandardCharsets.UTF_8)); // cut in the middle of an event
                out.flush();
                return;
            }
            out.write(("id: " + event.path("id").asText() + "\nevent: " + event.path("type").asText() + "\ndata: "
                    + event + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            sent++;
            if (event.path("type").asText().matches("dev\\.fling\\.job\\.(succeeded|failed|cancelled|timedout)")) {
                return;
            }
        }
        if (!closeAtEnd) {
            awaitClose(30);
        }
    }

    private void awaitClose(int seconds) {
        try {
            closed.await(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(HttpExchange exchange, Reply reply) throws IOException {
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
    }
}
