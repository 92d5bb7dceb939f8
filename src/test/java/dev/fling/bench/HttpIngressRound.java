package dev.fling.bench;

import dev.fling.testing.Requests;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One round of HTTP ingress: a fixed number of clients, each POSTing a structured launch to
 * {@code /} and sending the next as soon as the answer (202: the FlinkDeployment exists and
 * {@code accepted} is out) arrives. Latency is the request's round trip.
 */
final class HttpIngressRound {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private HttpIngressRound() {}

    static Round run(URI fling, Launches launches, int concurrency) throws Exception {
        int count = launches.size();
        List<Double> latencies = new CopyOnWriteArrayList<>();
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        try {
            List<Future<Void>> running = new java.util.ArrayList<>();
            for (int c = 0; c < concurrency; c++) {
                running.add(clients.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        latencies.add(post(fling, Requests.structured(launches.events().get(i))));
                    }
                    return null;
                }));
            }
            for (Future<Void> client : running) {
                client.get();
            }
        } finally {
            clients.shutdownNow();
        }
        return new Round(latencies, count / ((System.nanoTime() - start) / 1e9));
    }

    /** Milliseconds until Fling answered 202. */
    private static double post(URI fling, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(fling).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/cloudevents+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long start = System.nanoTime();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        double millis = (System.nanoTime() - start) / 1e6;
        if (response.statusCode() != 202) {
            throw new IOException("Fling answered " + response.statusCode() + ": " + response.body());
        }
        return millis;
    }
}
