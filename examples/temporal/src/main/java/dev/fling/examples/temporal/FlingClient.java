package dev.fling.examples.temporal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.http.HttpMessageFactory;
import io.temporal.failure.ApplicationFailure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Fling's HTTP API as this example uses it: a launch in binary mode ({@code POST /}, asking for
 * the {@code accepted} event as the reply, whose {@code subject} is the job's name) and a job's
 * state ({@code GET /jobs/{name}}).
 */
public final class FlingClient {

    /** Failure type of a launch Fling refused (400): sending it again would be refused again. */
    public static final String REJECTED = "FlingRejected";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper mapper = new ObjectMapper();
    private final URI url;
    private final URI source;
    private final Optional<String> token;

    /** {@code source} is the launches' CloudEvents source: with the request id it names each job. */
    public FlingClient(URI url, URI source, Optional<String> token) {
        this.url = url;
        this.source = source;
        this.token = token;
    }

    /** Sends the launch and returns the job's name; a request id sent before names the same job. */
    public String launch(JobSpec spec, String requestId) {
        CloudEvent launch = CloudEventBuilder.v1()
                .withId(requestId)
                .withSource(source)
                .withType("dev.fling.job.launch")
                .withDataContentType("application/json")
                .withData(json(spec.launchData(mapper)))
                .build();
        HttpRequest.Builder request = request(url.resolve("/")).header("Prefer", "reply");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        HttpMessageFactory.createWriter(request::header, bytes -> body.writeBytes(bytes == null ? new byte[0] : bytes))
                .writeBinary(launch);
        HttpResponse<byte[]> response = send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        if (response.statusCode() == 200) {
            return reply(response).getSubject();
        }
        if (response.statusCode() == 400) {
            CloudEvent rejected = reply(response);
            throw ApplicationFailure.newNonRetryableFailure(
                    "Fling rejected the launch: " + new String(rejected.getData().toBytes(), StandardCharsets.UTF_8),
                    REJECTED);
        }
        // 429, 503 and the like: Temporal retries the activity, and the retry sends the same request id.
        throw new IllegalStateException("Fling answered " + response.statusCode() + ": "
                + new String(response.body(), StandardCharsets.UTF_8).strip());
    }

    /** The job as {@code GET /jobs/{name}} shows it, or empty when Fling has no such job. */
    public Optional<JsonNode> job(String name) {
        HttpResponse<byte[]> response = send(request(url.resolve("/jobs/" + URLEncoder.encode(name, StandardCharsets.UTF_8))).GET());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /jobs/" + name + " answered " + response.statusCode());
        }
        try {
            return Optional.of(mapper.readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return request;
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("Fling at " + url + " cannot be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling Fling", e);
        }
    }

    private static CloudEvent reply(HttpResponse<byte[]> response) {
        Map<String, String> headers = new HashMap<>();
        response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
        return HttpMessageFactory.createReader(headers, response.body()).toEvent();
    }

    private byte[] json(JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
