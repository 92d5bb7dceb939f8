package dev.fling.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.fling.events.RequestContext;
import dev.fling.runtime.Autoscaling;
import dev.fling.runtime.JobDefinition;
import dev.fling.runtime.JobObservation;
import dev.fling.runtime.JobPolicy;
import dev.fling.runtime.JobRef;
import dev.fling.runtime.rest.FlinkRestClient;
import dev.fling.testing.TestingClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The autoscaler's loop against a JobManager's REST API played by a small HTTP server. */
class LocalAutoscalerTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final String FLINK_JOB = "00000000000000000000000000000001";

    @TempDir
    Path work;

    private final TestingJobManager jobManager = new TestingJobManager();
    private final TestingClock clock = new TestingClock(Instant.parse("2026-12-03T12:00:00Z"));
    private final Map<String, LocalJob> jobs = new ConcurrentHashMap<>();
    private final List<Integer> taskManagersAskedFor = new ArrayList<>();
    private LocalRegistry registry;
    private LocalAutoscaler autoscaler;
    private LocalJob job;

    @BeforeEach
    void start() throws IOException {
        jobManager.start();
        registry = new LocalRegistry(work.resolve("registry"), JSON);
        FlinkRestClient rest = new FlinkRestClient(URI.create("http://localhost:" + jobManager.port()),
                HttpClient.newHttpClient(), JSON);
        autoscaler = new LocalAutoscaler(jobs, j -> rest, (j, slots) -> taskManagersAskedFor.add(slots), new ClusterProcesses(), registry,
                clock);
        job = runningJob(new Autoscaling(1, 3));
        jobs.put(job.definition.ref().name(), job);
    }

    @AfterEach
    void stop() {
        jobManager.stop();
    }

    @Test
    void aBusyVertexIsResizedInPlaceAndTheResizeIsReportedOnceFlinkRunsIt() {
        jobManager.busy.put("count", 950.0);

        lookFor(Duration.ofSeconds(30));

        assertThat(taskManagersAskedFor).containsExactly(2);
        assertThat(jobManager.requirements).containsExactly(Map.of("source", 1, "count", 2));
        assertThat(LocalResizes.slotsNeeded(job)).as("a TaskManager lost now is started again for the resize").isEqualTo(2);
        assertThat(LocalResizes.vertices(job)).as("not reported before Flink runs it").isNull();
        assertThat(observed().runningParallelism()).isEqualTo(1);

        jobManager.applyRequirements();
        autoscaler.look(job);

        JobObservation seen = observed();
        assertThat(seen.autoscaled().parallelism()).isEqualTo(Map.of("source", 1, "count", 2));
        assertThat(seen.autoscaled().occurrence()).isEqualTo("1-1");
        assertThat(seen.autoscaled().reason()).startsWith("Scaling vertices: { Vertex ID count | Parallelism 1 -> 2 |");
        assertThat(seen.runningParallelism()).isEqualTo(2);
        assertThat(registry.loadAll()).singleElement().satisfies(saved -> {
            assertThat(saved.autoscaler.resizes).isEqualTo(1);
            assertThat(saved.autoscaler.applied).isEqualTo(Map.of("source", 1, "count", 2));
        });
    }

    @Test
    void metricsThatCannotBeReadChangeNothing() {
        jobManager.busy.put("count", 950.0);
        jobManager.metricsAnswer = 500;

        lookFor(Duration.ofSeconds(30));

        assertThat(jobManager.requirements).isEmpty();
        assertThat(taskManagersAskedFor).isEmpty();
        assertThat(observed().autoscaled()).isNull();
        assertThat(observed().runningParallelism()).isEqualTo(1);
    }

    @Test
    void aResizeFlinkRefusesIsNeitherRecordedNorReported() {
        jobManager.busy.put("count", 950.0);
        jobManager.requirementsAnswer = 500;

        lookFor(Duration.ofSeconds(30));

        assertThat(jobManager.requirements).as("asked once, refused, then measured afresh").hasSize(1);
        assertThat(job.autoscaler.pending).isNull();
        assertThat(job.autoscaler.resizes).isZero();
        assertThat(observed().autoscaled()).isNull();
        assertThat(registry.loadAll()).isEmpty();
    }

    @Test
    void aJobWithoutAutoscalingIsLeftAlone() {
        jobs.clear();
        job = runningJob(null);
        jobs.put(job.definition.ref().name(), job);
        jobManager.busy.put("count", 950.0);

        lookFor(Duration.ofSeconds(30));

        assertThat(jobManager.requests).isZero();
        assertThat(job.autoscaler).isNull();
    }

    @Test
    void theTaskManagersAScaleDownLeftIdleAreStoppedOnceFlinkFreedTheirSlots() throws Exception {
        job.cluster.slotsPerTaskManager = 1;
        job.cluster.directory = work.toString();
        // Processes whose command lines name the cluster's directory, as a TaskManager's does.
        Path idle = Files.writeString(work.resolve("Idle.java"),
                "class Idle { public static void main(String[] a) throws Exception { Thread.sleep(600_000); } }");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> started = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Process process = new ProcessBuilder(java, idle.toString()).start();
            started.add(process);
            job.cluster.taskManagerPids.add(process.pid());
            job.cluster.taskManagerIds.put(process.pid(), IdleTaskManagers.resourceId(i));
        }
        jobManager.taskManagers.put("taskmanager-1", 0);
        jobManager.taskManagers.put("taskmanager-2", 0); // the scheduler still holds its slot
        jobManager.taskManagers.put("taskmanager-3", 1);
        try {
            autoscaler.look(job);

            assertThat(started.get(2).waitFor(10, TimeUnit.SECONDS)).as("the idle last TaskManager stopped").isTrue();
            assertThat(job.cluster.taskManagerPids).containsExactly(started.get(0).pid(), started.get(1).pid());
            assertThat(registry.loadAll()).singleElement()
                    .satisfies(saved -> assertThat(saved.cluster.taskManagerPids).hasSize(2));
            assertThat(started.get(1).isAlive()).as("its slot is not free yet").isTrue();

            jobManager.taskManagers.remove("taskmanager-3");
            jobManager.taskManagers.put("taskmanager-2", 1);
            autoscaler.look(job);

            assertThat(started.get(1).waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(job.cluster.taskManagerPids).containsExactly(started.get(0).pid());
            assertThat(started.get(0).isAlive()).as("the job needs one").isTrue();
        } finally {
            started.forEach(Process::destroyForcibly);
        }
    }

    /** Looks every 2 s for {@code how long}, as the autoscaler's thread does. */
    private void lookFor(Duration howLong) {
        for (long s = 0; s <= howLong.toSeconds(); s += 2) {
            autoscaler.look(job);
            clock.advance(Duration.ofSeconds(2));
        }
    }

    private JobObservation observed() {
        return LocalResizes.withVertices(job, new JobObservation(JobObservation.Phase.RUNNING, FLINK_JOB,
                LocalResizes.parallelism(job, jobManager.highest()), null, null, null, "in-place", 0, true));
    }

    /** Bounds 1 to 3, target 0.5, window 10 s, stabilization 5 s: a busy vertex is resized after about 15 s. */
    private static LocalJob runningJob(Autoscaling bounds) {
        Map<String, String> configuration = Map.of(Autoscaling.ENABLED, "true", Autoscaling.MIN_PARALLELISM, "1",
                Autoscaling.MAX_PARALLELISM, "3", Autoscaling.TARGET_UTILIZATION, "0.5",
                Autoscaling.METRICS_WINDOW, "10 s", Autoscaling.STABILIZATION_INTERVAL, "5 s",
                Autoscaling.SCALE_DOWN_INTERVAL, "30 s");
        JobDefinition definition = new JobDefinition(new JobRef("default", "elastic-0123456789"), null, null,
                "file:///job.jar", null, List.of(), 1, null, null, 1, configuration, null, Map.of(),
                new JobPolicy(null, 0, Duration.ofHours(1), 1, Duration.ZERO).withAutoscaling(bounds),
                new RequestContext("launch-1", "/tests", "dev.fling.job.launch", Map.of()),
                Instant.parse("2026-12-03T11:59:00Z"));
        LocalJob job = LocalJob.queued(definition, 0);
        job.cluster = new LocalJob.Cluster();
        job.cluster.flinkJobId = FLINK_JOB;
        job.cluster.runningReported = true;
        job.moveTo(LocalJob.Status.RUNNING);
        return job;
    }

    /**
     * A JobManager's REST API as far as the autoscaler uses it: a running job of two vertices,
     * their busy time, and their resource requirements; each answer can be made to fail.
     */
    static final class TestingJobManager {
        final Map<String, Integer> parallelism = new TreeMap<>(Map.of("source", 1, "count", 1));
        final Map<String, Double> busy = new ConcurrentHashMap<>(Map.of("source", 20.0, "count", 20.0));
        final List<Map<String, Integer>> requirements = new ArrayList<>();
        /** Registered TaskManagers of one slot each, by resource id, and how many of their slots are free. */
        final Map<String, Integer> taskManagers = new ConcurrentHashMap<>();
        volatile int metricsAnswer = 200;
        volatile int requirementsAnswer = 200;
        volatile int requests;
        private HttpServer server;

        void start() throws IOException {
            // Without it each small answer waits on the client's delayed ACK (Nagle): about 40 ms a request.
            System.setProperty("sun.net.httpserver.nodelay", "true");
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", this::answer);
            server.start();
        }

        void stop() {
            server.stop(0);
        }

        int port() {
            return server.getAddress().getPort();
        }

        synchronized int highest() {
            return parallelism.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        }

        /** The adaptive scheduler has restarted the job with its new requirements. */
        synchronized void applyRequirements() {
            parallelism.putAll(requirements.get(requirements.size() - 1));
        }

        private synchronized void answer(HttpExchange exchange) throws IOException {
            requests++;
            String path = exchange.getRequestURI().getPath();
            String jobPath = "/jobs/" + FLINK_JOB;
            if (path.equals(jobPath)) {
                ObjectNode job = JSON.createObjectNode().put("state", "RUNNING");
                ArrayNode vertices = job.putArray("vertices");
                parallelism.forEach((id, p) -> vertices.addObject().put("id", id).put("name", id)
                        .put("parallelism", p).put("maxParallelism", 128).put("status", "RUNNING"));
                send(exchange, 200, job);
            } else if (path.startsWith(jobPath + "/vertices/") && path.endsWith("/subtasks/metrics")) {
                String vertex = path.substring((jobPath + "/vertices/").length(), path.indexOf("/subtasks"));
                ArrayNode metrics = JSON.createArrayNode();
                metrics.addObject().put("id", "busyTimeMsPerSecond").put("avg", busy.get(vertex))
                        .put("sum", busy.get(vertex) * parallelism.get(vertex));
                metrics.addObject().put("id", "numRecordsInPerSecond").put("avg", 100.0).put("sum", 100.0);
                send(exchange, metricsAnswer, metricsAnswer == 200 ? metrics : JSON.createObjectNode());
            } else if (path.equals(jobPath + "/resource-requirements") && exchange.getRequestMethod().equals("GET")) {
                ObjectNode current = JSON.createObjectNode();
                parallelism.forEach((id, p) -> current.putObject(id).putObject("parallelism")
                        .put("lowerBound", 1).put("upperBound", p));
                send(exchange, 200, current);
            } else if (path.equals(jobPath + "/resource-requirements")) {
                JsonNode wanted = JSON.readTree(exchange.getRequestBody());
                Map<String, Integer> upper = new TreeMap<>();
                wanted.fields().forEachRemaining(e -> upper.put(e.getKey(),
                        e.getValue().path("parallelism").path("upperBound").asInt()));
                requirements.add(upper);
                send(exchange, requirementsAnswer, JSON.createObjectNode());
            } else if (path.equals("/taskmanagers")) {
                ObjectNode answer = JSON.createObjectNode();
                ArrayNode list = answer.putArray("taskmanagers");
                taskManagers.forEach((id, free) -> list.addObject().put("id", id).put("slotsNumber", 1)
                        .put("freeSlots", free));
                send(exchange, 200, answer);
            } else {
                send(exchange, 404, JSON.createObjectNode());
            }
        }

        private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
            byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        }
    }
}
