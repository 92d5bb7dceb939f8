package dev.fling.testing;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** An HTTP sink as a SinkBinding would point Fling at: records what it receives, and can be made to fail. */
public class SinkReceiver implements QuarkusTestResourceLifecycleManager {

    /** One POST as received: its headers (lower-case names) and body. */
    public record Delivery(Map<String, String> headers, String body) {}

    public static final List<Delivery> RECEIVED = new CopyOnWriteArrayList<>();
    public static volatile int status = 202;
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            Map<String, String> headers = new java.util.HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
            RECEIVED.add(new Delivery(headers,
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        return Map.of(
                "fling.sink.url", "http://localhost:" + server.getAddress().getPort() + "/events",
                "fling.sink.ce-overrides", "{\"extensions\":{\"cluster\":\"test-east\"}}",
                "fling.sink.max-attempts", "3",
                "fling.sink.initial-backoff", "50ms");
    }

    @Override
    public void stop() {
        server.stop(0);
    }
}
