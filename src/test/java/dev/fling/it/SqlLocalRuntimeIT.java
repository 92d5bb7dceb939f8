package dev.fling.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.testing.EventLog;
import dev.fling.testing.FlingTestEnvironment;
import dev.fling.testing.LocalClusters;
import dev.fling.testing.LocalRuntimeProfile;
import dev.fling.testing.Requests;
import io.cloudevents.CloudEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * SQL launches on the local runtime: the scripts of examples/sql/ run by Fling's SQL runner on
 * real JobManager and TaskManager processes, against the real broker.
 */
@Tag("slow") // scripts/slow-tests: real clusters for a minute or more each; beyond CI's 20 minutes
@QuarkusTest
@TestProfile(LocalRuntimeProfile.class)
class SqlLocalRuntimeIT extends WithRequestsAndEvents {

    private static final String WORK = LocalRuntimeProfile.WORK_DIRECTORY;
    private static final Duration CLUSTER_TIME = Duration.ofSeconds(120);
    private static final String COUNTS_TOPIC = "fling.event-counts";
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void createCountsTopic() {
        FlingTestEnvironment.kafka().createTopics(1, COUNTS_TOPIC);
    }

    @AfterAll
    static void stopLeftoverClusters() {
        LocalClusters.stopAllUnder(WORK);
    }

    private static CloudEvent launch(String name, String script, Object... more) {
        Object[] fields = new Object[more.length + 2];
        fields[0] = "name";
        fields[1] = name;
        System.arraycopy(more, 0, fields, 2, more.length);
        CloudEvent launch = Requests.launch(Requests.sqlLaunchData(script, fields));
        requests.sendBinary(launch);
        return launch;
    }

    private static CloudEvent await(String job, String type) {
        return events.awaitWithin(job, type, CLUSTER_TIME);
    }

    @Test
    void boundedSqlJobCountsEveryGeneratedRowAndWritesItsFilesInTheJobsDirectory() throws IOException {
        String job = Requests.jobName(launch("orders", example("orders-per-product.sql"), "parallelism", 1),
                "orders");

        CloudEvent started = await(job, "dev.fling.job.started");
        CloudEvent succeeded = await(job, "dev.fling.job.succeeded");

        assertThat(EventLog.data(succeeded).path("flinkJobId").asText())
                .isEqualTo(EventLog.data(started).path("flinkJobId").asText());
        assertThat(events.types(job)).containsExactly(
                "dev.fling.job.accepted", "dev.fling.job.started", "dev.fling.job.succeeded");
        Path attempt = Path.of(WORK, "jobs", job, "attempt-1");
        assertThat(finalCountsPrinted(attempt).values().stream().mapToLong(Long::longValue).sum())
                .as("the last count printed for each product adds up to the generated rows").isEqualTo(1000);
        assertThat(csvLines(attempt.resolve("out").resolve("product-one")))
                .as("the second INSERT of the same job wrote product 1's orders under the job's directory")
                .isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("1,"));
    }

    @Test
    void streamingSqlJobCountsFlingsOwnEventsRescalesInPlaceStopsWithASavepointAndRestores() throws Exception {
        String script = example("event-counts.sql").replace("localhost:9092",
                FlingTestEnvironment.kafka().bootstrapServers());
        String job = Requests.jobName(launch("eventcounts", script, "parallelism", 1), "eventcounts");
        String flinkJobId = EventLog.data(await(job, "dev.fling.job.started")).path("flinkJobId").asText();

        // Read once the job runs: a reader made right after the topic was created may find no partition yet.
        try (EventLog.Raw counts = new EventLog.Raw(FlingTestEnvironment.kafka().bootstrapServers(), COUNTS_TOPIC)) {
            ConsumerRecord<byte[], byte[]> count = counts.await("a count of started events", record ->
                    json(record).path("type").asText().equals("dev.fling.job.started"));
            assertThat(json(count).path("events").asLong()).isPositive();
            assertThat(new String(count.key(), StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"dev.fling.job.started\"}");
        }

        requests.sendBinary(Requests.rescale(job, 2));
        JsonNode rescaled = EventLog.data(await(job, "dev.fling.job.rescaled"));
        assertThat(rescaled.path("method").asText()).isEqualTo("in-place");
        JsonNode flinkJob = LocalClusters.rest(WORK, job, "/jobs/" + flinkJobId);
        assertThat(flinkJob.path("state").asText()).as("the same Flink job, rescaled").isEqualTo("RUNNING");
        assertThat(flinkJob.path("vertices")).allSatisfy(v -> assertThat(v.path("parallelism").asInt()).isEqualTo(2));

        requests.sendBinary(Requests.savepoint(job));
        String savepoint = EventLog.data(await(job, "dev.fling.job.savepoint.completed")).path("path").asText();
        assertThat(Path.of(java.net.URI.create(savepoint))).isDirectory();

        requests.sendBinary(Requests.cancel(job, true));
        String finalSavepoint = EventLog.data(await(job, "dev.fling.job.cancelled")).path("savepointPath").asText();
        assertThat(Path.of(java.net.URI.create(finalSavepoint))).isDirectory();

        String restored = Requests.jobName(launch("eventcounts", script,
                "restoreFrom", Map.of("savepointPath", finalSavepoint)), "eventcounts");
        String restoredId = EventLog.data(await(restored, "dev.fling.job.started")).path("flinkJobId").asText();
        Awaitility.await("the restored SQL job reports its restore").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(LocalClusters.rest(WORK, restored, "/jobs/" + restoredId + "/checkpoints")
                        .path("latest").path("restored").path("external_path").asText())
                        .isEqualTo(finalSavepoint));
        requests.sendBinary(Requests.cancel(restored, false));
        await(restored, "dev.fling.job.cancelled");
    }

    @Test
    void aScriptThePlannerRefusesFailsWithFlinksMessage() {
        String job = Requests.jobName(launch("unknown", """
                CREATE TABLE totals (product INT, orders BIGINT) WITH ('connector' = 'print');
                INSERT INTO totals SELECT product, COUNT(*) FROM no_such_table GROUP BY product;
                """), "unknown");

        CloudEvent failed = await(job, "dev.fling.job.failed");

        assertThat(EventLog.data(failed).path("error").asText()).contains("Object 'no_such_table' not found");
    }

    /** The newest count each product reached, from the print connector's lines (+I[1, 3], +U[1, 4]...). */
    private static Map<Integer, Long> finalCountsPrinted(Path attempt) throws IOException {
        Pattern row = Pattern.compile("[+][IU]\\[(\\d+), (\\d+)]");
        Map<Integer, Long> counts = new HashMap<>();
        try (Stream<Path> outs = Files.list(attempt.resolve("log"))) {
            for (Path out : outs.filter(p -> p.getFileName().toString().startsWith("taskmanager-")
                    && p.toString().endsWith(".out")).toList()) {
                for (String line : Files.readAllLines(out)) {
                    Matcher m = row.matcher(line);
                    if (m.find()) {
                        counts.merge(Integer.valueOf(m.group(1)), Long.valueOf(m.group(2)), Math::max);
                    }
                }
            }
        }
        return counts;
    }

    private static List<String> csvLines(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .flatMap(p -> {
                        try {
                            return Files.readAllLines(p).stream();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }).toList();
        }
    }

    private static JsonNode json(ConsumerRecord<byte[], byte[]> record) {
        try {
            return JSON.readTree(new String(record.value(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static String example(String file) {
        try {
            return Files.readString(Path.of("examples", "sql", file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
