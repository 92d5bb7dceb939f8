package dev.fling.runtime.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fling.runtime.rest.FlinkRestModel.AggregatedMetric;
import dev.fling.runtime.rest.FlinkRestModel.JarRun;
import dev.fling.runtime.rest.FlinkRestModel.JobDetails;
import dev.fling.runtime.rest.FlinkRestModel.JobVertices;
import dev.fling.runtime.rest.FlinkRestModel.Overview;
import dev.fling.runtime.rest.FlinkRestModel.SavepointStatus;
import dev.fling.runtime.rest.FlinkRestModel.TaskManagerSlots;
import dev.fling.runtime.rest.FlinkRestModel.Vertex;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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

    /** A jar's upload, and its main building the job graph, take longer than a look at a job. */
    private static final Duration SUBMIT_TIMEOUT = Duration.ofSeconds(60);

    private final RestExchange rest;

    public FlinkRestClient(URI base, HttpClient http, ObjectMapper mapper) {
        this.rest = new RestExchange(base, http, mapper);
    }

    /** The job's state and the parallelism it runs with (the highest of its vertices). */
    public JobDetails job(String jobId) throws IOException {
        JsonNode job;
        try {
            job = rest.get("/jobs/" + jobId);
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
        for (JsonNode job : rest.get("/jobs/overview").path("jobs")) {
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
        JsonNode exceptions = rest.get("/jobs/" + jobId + "/exceptions");
        JsonNode entries = exceptions.path("exceptionHistory").path("entries");
        if (entries.isArray() && !entries.isEmpty()) {
            JsonNode newest = entries.get(0);
            String name = newest.path("exceptionName").asText("");
            String trace = newest.path("stacktrace").asText("");
            String firstLine = trace.lines().findFirst().orElse(name);
            return Optional.of(firstLine.isEmpty() ? name : firstLine);
        }
        String trace = rest.get("/jobs/" + jobId + "/execution-result").path("job-execution-result")
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
        JsonNode current = rest.get("/jobs/" + jobId + "/resource-requirements");
        ObjectNode wanted = rest.mapper().createObjectNode();
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
        rest.send("PUT", "/jobs/" + jobId + "/resource-requirements", wanted);
    }

    /** The job's state and its vertices as they run now. */
    public JobVertices vertices(String jobId) throws IOException {
        JsonNode job = rest.get("/jobs/" + jobId);
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
        JsonNode metrics = rest.get("/jobs/" + jobId + "/vertices/" + vertexId + "/subtasks/metrics?get="
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
        return rest.send("POST", "/jobs/" + jobId + "/savepoints", body).path("request-id").asText();
    }

    /** Stops the job with a final savepoint into {@code directory}; returns the trigger id to poll. */
    public String stopWithSavepoint(String jobId, String directory) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("targetDirectory", directory);
        body.put("drain", false);
        return rest.send("POST", "/jobs/" + jobId + "/stop", body).path("request-id").asText();
    }

    /** The state of a savepoint operation (also the one started by {@link #stopWithSavepoint}). */
    public SavepointStatus savepoint(String jobId, String triggerId) throws IOException {
        JsonNode status = rest.get("/jobs/" + jobId + "/savepoints/" + triggerId);
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
        rest.send("PATCH", "/jobs/" + jobId + "?mode=cancel", null);
    }

    /** Asks the JobManager to shut the cluster down. */
    public void shutDownCluster() throws IOException {
        rest.send("DELETE", "/cluster", null);
    }

    /** TaskManagers registered and free slots. */
    public Overview overview() throws IOException {
        JsonNode overview = rest.get("/overview");
        return new Overview(overview.path("taskmanagers").asInt(), overview.path("slots-total").asInt(),
                overview.path("slots-available").asInt());
    }

    /** The TaskManagers registered with the cluster, by resource id, with their slots and how many are free. */
    public List<TaskManagerSlots> taskManagers() throws IOException {
        List<TaskManagerSlots> taskManagers = new java.util.ArrayList<>();
        for (JsonNode taskManager : rest.get("/taskmanagers").path("taskmanagers")) {
            taskManagers.add(new TaskManagerSlots(taskManager.path("id").asText(),
                    taskManager.path("slotsNumber").asInt(), taskManager.path("freeSlots").asInt()));
        }
        return taskManagers;
    }

    /** Uploads a job's jar to a session cluster ({@code POST /jars/upload}); returns the id to run it by. */
    public String uploadJar(Path jar) throws IOException {
        String boundary = "fling-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(rest.resolve("/jars/upload")).timeout(SUBMIT_TIMEOUT)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofFile(jar), HttpRequest.BodyPublishers.ofByteArray(tail)))
                .build();
        String uploaded = rest.exchange(request, "POST /jars/upload").path("filename").asText("");
        // Flink answers with the stored file's path; its last segment is the jar's id.
        return uploaded.substring(uploaded.lastIndexOf('/') + 1);
    }

    /**
     * Runs an uploaded jar's main on the session cluster ({@code POST /jars/{id}/run}), which
     * submits its job; returns the job id Flink answers with. A main that throws, a class that is
     * not in the jar or a jar that cannot be read is a {@link FlinkRestException} carrying Flink's cause.
     */
    public String runJar(String jarId, JarRun run) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(rest.resolve("/jars/" + jarId + "/run")).timeout(SUBMIT_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(rest.mapper().writeValueAsBytes(run))).build();
        return rest.exchange(request, "POST /jars/" + jarId + "/run").path("jobid").asText();
    }
}
