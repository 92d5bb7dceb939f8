package dev.fling.runtime.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One JobManager's REST endpoint: JSON in and out, each call bounded by a timeout, an answer of
 * 300 or more thrown as a {@link FlinkRestException} that says what was asked and what came back.
 */
final class RestExchange {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final URI base;
    private final HttpClient http;
    private final ObjectMapper mapper;

    RestExchange(URI base, HttpClient http, ObjectMapper mapper) {
        this.base = base;
        this.http = http;
        this.mapper = mapper;
    }

    URI resolve(String path) {
        return base.resolve(path);
    }

    ObjectMapper mapper() {
        return mapper;
    }

    JsonNode get(String path) throws IOException {
        return send("GET", path, null);
    }

    JsonNode exchange(HttpRequest request, String what) throws IOException {
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() >= 300) {
                throw new FlinkRestException(response.statusCode(), what + " answered " + response.statusCode() + ": "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
            return response.body().length == 0 ? mapper.missingNode() : mapper.readTree(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    JsonNode send(String method, String path, Object body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body)));
        }
        return exchange(request.build(), method + " " + path);
    }
}
