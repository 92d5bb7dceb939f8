package dev.fling.runtime.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Follows and steers one Flink JobManager over its REST API: job state and parallelism, the
 * root cause of a failure, in-place rescaling, savepoints, cancel and cluster shutdown. Plain
 * HTTP and JSON, so any runtime that can reach a JobManager (local processes today, native
 * Kubernetes later) uses the same code.
 */
public final class FlinkRestClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** A jar's upload, and its main building the job graph, take longer than a look at a job. */
    private static final Duration SUBMIT_TIMEOUT = Duration.ofSeconds(60);

    private final URI base;
    private final HttpClient http;
    private final ObjectMapper mapper;

    public FlinkRestClient(URI base, HttpClient http, ObjectMapper mapper) {
        this.base = base;
        this.http = http;
        this.mapper = mapper;
    }

    /** The job's state and the parallelism it runs with (the highest of its vertices). */
    public JobDetails job(String jobId) throws IOException {
        JsonNode job;
        try {
            job = get("/jobs/" + jobId);
        } catch (FlinkRestException e) {
            if (e.status() < 500) {
                throw e;
            }
            // Flink 2.2's job details fail (NullPointerException, 500) for the failed job it records
            // when main() throws before a job exists; the overview still lists it with its state.
            return fromOverview(jobId).orElseThrow(() -> e);
        }
        int parallelism = 0;
        boolean allRunning = job.path("vertices").size() > 0;
        for (JsonNode vertex : job.path("vertices")) {
            parallelism = Math.max(parallelism, vertex.path("parallelism").asInt());
            allRunning &= "RUNNING".equals(vertex.path("status").asText());
        }
        long runningAt = job.path("timestamps").path("RUNNING").asLong(0);
        return new JobDetails(job.path("state").asText(), parallelism, runningAt > 0, allRunning,
                job.path("start-time").asLong(0), runningAt);
    }

    private Optional<JobDetails> fromOverview(String jobId) throws IOException {
        for (JsonNode job : get("/jobs/overview").path("jobs")) {
            if (jobId.equals(job.path("jid").asText())) {
                return Optional.of(new JobDetails(job.path("state").asText(), 0, false, false, 0, 0));
            }
        }
        return Optional.empty();
    }

    /**
     * What made the job fail, as Flink reports it: the newest entry of the exception history, or
     * for a job that failed before it ran (a savepoint that cannot be read, say) the failure cause
     * of its execution result, which the history does not hold.
     */
    public Optional<String> rootCause(String jobId) throws IOException {
        JsonNode exceptions = get("/jobs/" + jobId + "/exceptions");
        JsonNode entries = exceptions.path("exceptionHistory").path("entries");
        if (entries.isArray() && !entries.isEmpty()) {
            JsonNode newest = entries.get(0);
            String name = newest.path("exceptionName").asText("");
            String trace = newest.path("stacktrace").asText("");
            String firstLine = trace.lines().findFirst().orElse(name);
            return Optional.of(firstLine.isEmpty() ? name : firstLine);
        }
        String trace = get("/jobs/" + jobId + "/execution-result").path("job-execution-result")
                .path("failure-cause").path("stack-trace").asText("");
        return trace.isBlank() ? Optional.empty() : Optional.of(FlinkFailures.summarize(trace));
    }

    /** Sets the same upper bound of parallelism on every vertex (adaptive scheduler). */
    public void requireParallelism(String jobId, int parallelism) throws IOException {
        requireParallelism(jobId, vertex -> parallelism);
    }

    /**
     * Sets each vertex's upper bound of parallelism (adaptive scheduler): the vertices not named
     * keep the bounds they have.
     */
    public void requireParallelism(String jobId, Map<String, Integer> perVertex) throws IOException {
        requireParallelism(jobId, perVertex::get);
    }

    /** Puts the upper bound {@code parallelism} gives each vertex (null: the vertex keeps its bounds). */
    private void requireParallelism(String jobId, Function<String, Integer> parallelism) throws IOException {
        JsonNode current = get("/jobs/" + jobId + "/resource-requirements");
        ObjectNode wanted = mapper.createObjectNode();
        current.fieldNames().forEachRemaining(vertex -> {
            Integer upper = parallelism.apply(vertex);
            if (upper == null) {
                wanted.set(vertex, current.get(vertex));
                return;
            }
            ObjectNode bounds = wanted.putObject(vertex).putObject("parallelism");
            bounds.put("lowerBound", 1);
            bounds.put("upperBound", upper);
        });
        send("PUT", "/jobs/" + jobId + "/resource-requirements", wanted);
    }

    /** The job's state and its vertices as they run now. */
    public JobVertices vertices(String jobId) throws IOException {
        JsonNode job = get("/jobs/" + jobId);
        List<Vertex> vertices = new ArrayList<>();
        for (JsonNode vertex : job.path("vertices")) {
            vertices.add(new Vertex(vertex.path("id").asText(), vertex.path("name").asText(),
                    vertex.path("parallelism").asInt(), vertex.path("maxParallelism").asInt(Integer.MAX_VALUE),
                    vertex.path("status").asText()));
        }
        return new JobVertices(job.path("state").asText(), List.copyOf(vertices));
    }

    /**
     * Metrics of one vertex aggregated over its subtasks
     * ({@code /jobs/{id}/vertices/{vertex}/subtasks/metrics}), average and sum by name; a metric
     * Flink does not report (yet) is absent. Flink's JobManager refreshes them every
     * {@code metrics.fetcher.update-interval} (10 s by default).
     */
    public Map<String, AggregatedMetric> subtaskMetrics(String jobId, String vertexId, List<String> names)
            throws IOException {
        JsonNode metrics = get("/jobs/" + jobId + "/vertices/" + vertexId + "/subtasks/metrics?get="
                + String.join(",", names) + "&agg=avg,sum");
        Map<String, AggregatedMetric> read = new LinkedHashMap<>();
        for (JsonNode metric : metrics) {
            read.put(metric.path("id").asText(), new AggregatedMetric(metric.path("avg").asDouble(Double.NaN),
                    metric.path("sum").asDouble(Double.NaN)));
        }
        return read;
    }

    /** Triggers a savepoint into {@code directory}; returns the trigger id to poll. */
    public String triggerSavepoint(String jobId, String directory) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("target-directory", directory);
        body.put("cancel-job", false);
        return send("POST", "/jobs/" + jobId + "/savepoints", body).path("request-id").asText();
    }

    /** Stops the job with a final savepoint into {@code directory}; returns the trigger id to poll. */
    public String stopWithSavepoint(String jobId, String directory) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("targetDirectory", directory);
        body.put("drain", false);
        return send("POST", "/jobs/" + jobId + "/stop", body).path("request-id").asText();
    }

    /** The state of a savepoint operation (also the one started by {@link #stopWithSavepoint}). */
    public SavepointStatus savepoint(String jobId, String triggerId) throws IOException {
        JsonNode status = get("/jobs/" + jobId + "/savepoints/" + triggerId);
        if (!"COMPLETED".equals(status.path("status").path("id").asText())) {
            return new SavepointStatus(false, null, null);
        }
        JsonNode operation = status.path("operation");
        if (operation.has("failure-cause")) {
            JsonNode cause = operation.path("failure-cause");
            String text = cause.path("stack-trace").asText(cause.path("class").asText("savepoint failed"));
            return new SavepointStatus(true, null, text.lines().findFirst().orElse(text));
        }
        return new SavepointStatus(true, operation.path("location").asText(null), null);
    }

    public void cancel(String jobId) throws IOException {
        send("PATCH", "/jobs/" + jobId + "?mode=cancel", null);
    }

    /** Asks the JobManager to shut the cluster down. */
    public void shutDownCluster() throws IOException {
        send("DELETE", "/cluster", null);
    }

    /** TaskManagers registered and free slots. */
    public Overview overview() throws IOException {
        JsonNode overview = get("/overview");
        return new Overview(overview.path("taskmanagers").asInt(), overview.path("slots-total").asInt(),
                overview.path("slots-available").asInt());
    }

    /** Uploads a job's jar to a session cluster ({@code POST /jars/upload}); returns the id to run it by. */
    public String uploadJar(Path jar) throws IOException {
        String boundary = "fling-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/jars/upload")).timeout(SUBMIT_TIMEOUT)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofFile(jar), HttpRequest.BodyPublishers.ofByteArray(tail)))
                .build();
        String uploaded = exchange(request, "POST /jars/upload").path("filename").asText("");
        // Flink answers with the stored file's path; its last segment is the jar's id.
        return uploaded.substring(uploaded.lastIndexOf('/') + 1);
    }

    /**
     * Runs an uploaded jar's main on the session cluster ({@code POST /jars/{id}/run}), which
     * submits its job; returns the job id Flink answers with. A main that throws, a class that is
     * not in the jar or a jar that cannot be read is a {@link FlinkRestException} carrying Flink's cause.
     */
    public String runJar(String jarId, JarRun run) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/jars/" + jarId + "/run")).timeout(SUBMIT_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(run))).build();
        return exchange(request, "POST /jars/" + jarId + "/run").path("jobid").asText();
    }

    /**
     * The body of {@code /jars/{id}/run}, in Flink's names: entry class (null: the jar's
     * manifest names it), program arguments, parallelism, the job id to use, the savepoint to
     * restore and whether state it cannot map may be dropped, and job-level configuration.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    public record JarRun(String entryClass, List<String> programArgsList, Integer parallelism, String jobId,
            String savepointPath, Boolean allowNonRestoredState, Map<String, String> flinkConfiguration) {}

    private JsonNode get(String path) throws IOException {
        return send("GET", path, null);
    }

    private JsonNode exchange(HttpRequest request, String what) throws IOException {
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

    private JsonNode send(String method, String path, Object body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body)));
        }
        return exchange(request.build(), method + " " + path);
    }

    /**
     * A job's state ({@code RUNNING}, {@code FINISHED}, ...), parallelism, whether it ever ran,
     * and whether every task runs now (after a rescale, until then the old and new parallelism mix);
     * when Flink received the job and when it first ran, in epoch milliseconds (0 when unknown).
     */
    public record JobDetails(String state, int parallelism, boolean ran, boolean allTasksRunning,
            long submittedAtMillis, long runningAtMillis) {}

    /** A job's state ({@code RUNNING}, ...) and its vertices. */
    public record JobVertices(String state, List<Vertex> vertices) {

        /** Whether the job runs with every task of every vertex running (not in the middle of a rescale). */
        public boolean allRunning() {
            return "RUNNING".equals(state) && !vertices.isEmpty()
                    && vertices.stream().allMatch(vertex -> "RUNNING".equals(vertex.status()));
        }
    }

    /** A vertex of a job: its id, name, parallelism, the highest its state allows, and its status. */
    public record Vertex(String id, String name, int parallelism, int maxParallelism, String status) {}

    /** A metric over a vertex's subtasks: their average and sum (NaN when Flink gave none). */
    public record AggregatedMetric(double avg, double sum) {}

    /** Whether a savepoint operation is done, and where it wrote or why it failed. */
    public record SavepointStatus(boolean done, String location, String failure) {}

    /** Cluster capacity as the JobManager sees it. */
    public record Overview(int taskManagers, int slotsTotal, int slotsAvailable) {}
}
