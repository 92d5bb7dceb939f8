package dev.fling.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * The mock API server's CRUD dispatcher, noting (System.nanoTime) when it served each
 * FlinkDeployment create and each status write. The mock stores creationTimestamp to the second,
 * far too coarse for latencies in milliseconds; this clock runs in the JVM that also produces the
 * requests, so both ends of a latency come from one clock.
 */
final class ServedClock extends IndexedCrudDispatcher {

    private static final Pattern STATUS = Pattern.compile("/flinkdeployments/([^/?]+)/status");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Long> created = new ConcurrentHashMap<>();
    private final Map<String, Long> statusWritten = new ConcurrentHashMap<>();
    private volatile long lastWrite = System.nanoTime();
    private final ApiCalls calls = new ApiCalls();

    /** The requests served by caller and verb, and the watch events sent to Fling. */
    ApiCalls calls() {
        return calls;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        calls.served(request);
        return super.dispatch(request);
    }

    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
            GenericKubernetesResource resource, String newValue) {
        String old = newValue == null && oldAttributes != null ? map.get(oldAttributes) : null;
        super.processEvent(path, pathAttributes, oldAttributes, resource, newValue);
        calls.changed(newValue != null ? newValue : old);
    }

    @Override
    public MockResponse handleCreate(RecordedRequest request) {
        MockResponse response = super.handleCreate(request);
        long now = System.nanoTime();
        lastWrite = now;
        if (response.code() == 201 && request.getPath().contains("/flinkdeployments")) {
            created.putIfAbsent(name(response), now);
        }
        return response;
    }

    @Override
    public MockResponse handlePatch(RecordedRequest request) {
        return written(request, super.handlePatch(request));
    }

    @Override
    public MockResponse handleUpdate(RecordedRequest request) {
        return written(request, super.handleUpdate(request));
    }

    @Override
    public MockResponse handleDelete(String path) {
        MockResponse response = super.handleDelete(path);
        lastWrite = System.nanoTime();
        return response;
    }

    private MockResponse written(RecordedRequest request, MockResponse response) {
        long now = System.nanoTime();
        lastWrite = now;
        Matcher status = STATUS.matcher(request.getPath());
        if (response.code() < 300 && status.find()) {
            statusWritten.put(status.group(1), now);
        }
        return response;
    }

    /** When the API server served the create of this FlinkDeployment, or null. */
    Long createdAt(String name) {
        return created.get(name);
    }

    /** When the API server last served a status write of this FlinkDeployment, or null. */
    Long statusWrittenAt(String name) {
        return statusWritten.get(name);
    }

    void awaitCreated(Collection<String> names, Duration limit) {
        Awaitility.await(names.size() + " FlinkDeployments are created").atMost(limit)
                .pollInterval(Duration.ofMillis(50)).until(() -> names.stream().allMatch(created::containsKey));
    }

    /**
     * Waits until nothing has been written for a while: the testing operator has caught up with
     * what the last phase created, so that it does not compete with the next one.
     */
    void awaitQuiet(Duration quiet, Duration limit) {
        Awaitility.await("the API server is quiet").atMost(limit).pollInterval(Duration.ofMillis(100))
                .until(() -> System.nanoTime() - lastWrite > quiet.toNanos());
    }

    private static String name(MockResponse response) {
        try {
            return JSON.readTree(response.getBody().getBytes()).path("metadata").path("name").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
