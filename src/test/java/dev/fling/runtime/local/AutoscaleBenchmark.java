package dev.fling.runtime.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fling.testing.BenchmarkDoc;
import dev.fling.testing.EventLog;
import dev.fling.testing.FlingProcess;
import dev.fling.testing.KafkaBroker;
import dev.fling.testing.LocalClusters;
import dev.fling.testing.RequestSender;
import dev.fling.testing.Requests;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * scripts/bench-autoscale: how long the local autoscaler takes to follow a load step. Fling (the
 * packaged build, its own process) launches the streaming example with autoscale over Kafka; its
 * input rate steps from 20 to 400 records/s {@value #STEP_SECONDS} s after the job's main ran
 * (each record waits 5 ms: one subtask saturates at 200/s). Clocks, in epoch milliseconds: the
 * step is the Flink job's start time plus {@value #STEP_SECONDS} s; the resize is when the
 * JobManager's REST API first shows the counting vertex above parallelism 1 with every task
 * running (polled every 100 ms); the event is when {@code rescaled} reaches a Kafka consumer.
 */
public final class AutoscaleBenchmark {

    static final int STEP_SECONDS = 40;
    private static final Duration LIMIT = Duration.ofMinutes(6);

    private AutoscaleBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path work = Path.of("target", "bench-autoscale").toAbsolutePath();
        List<Double> toResize = new ArrayList<>();
        List<Double> toEvent = new ArrayList<>();
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        KafkaBroker kafka = KafkaBroker.start();
        kafka.createTopics(1, "fling.requests", "fling.events", "fling.requests.dlq");
        try (FlingProcess process = FlingProcess.start("bench-autoscale", Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "FLING_RUNTIME", "local",
                "FLING_LOCAL_WORK_DIRECTORY", work.resolve("fling-" + ProcessHandle.current().pid()).toString(),
                "FLING_LOCAL_WARM_POOL_SIZE", "0"));
                RequestSender requests = new RequestSender(kafka.bootstrapServers());
                EventLog events = new EventLog(kafka.bootstrapServers(), "fling.events")) {
            process.awaitReady();
            String fling = work.resolve("fling-" + ProcessHandle.current().pid()).toString();
            for (int round = 1; round <= rounds; round++) {
                double[] times = round(requests, events, fling, "step" + round);
                System.out.printf("round %d  step -> resize %6.2f s   step -> event %6.2f s%n", round, times[0],
                        times[1]);
                toResize.add(times[0]);
                toEvent.add(times[1]);
            }
        } finally {
            LocalClusters.stopAllUnder(work.toString());
            kafka.close();
        }
        report(rounds, toResize, toEvent, loadBefore,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.exit(0);
    }

    /** One job, one step: seconds from the step to the resize running and to its event. */
    private static double[] round(RequestSender requests, EventLog events, String work, String name) {
        CloudEvent launch = Requests.launch(Requests.launchData("name", name, "jarURI", LocalClusters.examplesJar(),
                "entryClass", "dev.fling.examples.StreamingCounter", "parallelism", 1,
                "args", List.of("--rate", "20", "--rate-schedule", "0:20," + STEP_SECONDS + ":400",
                        "--record-cost-ms", "5"),
                "autoscale", Map.of("minParallelism", 1, "maxParallelism", 3, "targetUtilization", 0.5,
                        "metricsWindowSeconds", 10, "stabilizationSeconds", 10, "scaleDownDelaySeconds", 60)));
        String job = Requests.jobName(launch, name);
        requests.sendBinary(launch);
        CloudEvent started = events.awaitWithin(job, "dev.fling.job.started", LIMIT);
        String flinkJobId = EventLog.data(started).path("flinkJobId").asText();
        long step = LocalClusters.rest(work, job, "/jobs/" + flinkJobId).path("start-time").asLong()
                + STEP_SECONDS * 1000L;
        long resized = Awaitility.await(job + " resized").atMost(LIMIT).pollInterval(Duration.ofMillis(100))
                .until(() -> resizedAt(work, job, flinkJobId), at -> at > 0);
        CloudEvent rescaled = events.awaitWithin(job, "dev.fling.job.rescaled", LIMIT);
        long announced = events.records().stream().filter(r -> r.value().getId().equals(rescaled.getId()))
                .findFirst().orElseThrow().timestamp(); // when the broker took it in
        long consumed = System.currentTimeMillis();
        System.out.printf("          %s: %s (event written %d ms after the resize ran, consumed by %d ms)%n",
                job, EventLog.data(rescaled).path("reason").asText(), announced - resized, consumed - resized);
        requests.sendBinary(Requests.cancel(job, false));
        events.awaitWithin(job, "dev.fling.job.cancelled", LIMIT);
        return new double[] {(resized - step) / 1000.0, (announced - step) / 1000.0};
    }

    /** When the counting vertex first runs with more than one subtask, every task running (0: not yet). */
    private static long resizedAt(String work, String job, String flinkJobId) {
        JsonNode details = LocalClusters.rest(work, job, "/jobs/" + flinkJobId);
        boolean allRunning = "RUNNING".equals(details.path("state").asText());
        int highest = 0;
        for (JsonNode vertex : details.path("vertices")) {
            allRunning &= "RUNNING".equals(vertex.path("status").asText());
            highest = Math.max(highest, vertex.path("parallelism").asInt());
        }
        return allRunning && highest > 1 ? System.currentTimeMillis() : 0;
    }

    private static void report(int rounds, List<Double> toResize, List<Double> toEvent, double loadBefore,
            double loadAfter) throws IOException {
        String table = String.join("\n",
                "| from the load step to | min | median | max |",
                "| --- | --- | --- | --- |",
                LocalLaunchBenchmark.row("the resize running (REST: vertex above 1, all tasks running)", toResize),
                LocalLaunchBenchmark.row("its `rescaled` event (written to `fling.events`)", toEvent));
        System.out.println();
        System.out.println(table);
        String heading = "## Local autoscaler: a load step to the resize (scripts/bench-autoscale)";
        String section = heading + "\n\n"
                + "Measured " + LocalDate.now() + " on " + Runtime.getRuntime().availableProcessors()
                + " cores, " + rounds + " rounds, one job at a time; load average " + String.format("%.1f", loadBefore)
                + " at the start and " + String.format("%.1f", loadAfter) + " at the end (other sessions' "
                + "builds and tests shared the machine).\n\n"
                + "Method: Fling runs as users run it (the packaged JVM build, local runtime, no warm pool, its own "
                + "process) against a real Kafka broker. Each round launches the StreamingCounter example with "
                + "`--rate-schedule 0:20," + STEP_SECONDS + ":400 --record-cost-ms 5` and `autoscale {min 1, max 3, "
                + "targetUtilization 0.5, metricsWindowSeconds 10, stabilizationSeconds 10}`: its counting vertex, "
                + "at 5 ms a record, is 10% busy before the step and saturated after it. The step is the Flink "
                + "job's start time (REST) plus " + STEP_SECONDS + " s (main builds the job graph before it "
                + "submits, so the step is up to a few hundred ms earlier than that). The resize is when the "
                + "JobManager first shows the counting vertex above parallelism 1 with every task running "
                + "(polled every 100 ms), the event when the broker took `rescaled` in (its record timestamp).\n\n"
                + "What the time is made of: Flink's `busyTimeMsPerSecond` is a moving average over 60 s, so a "
                + "step to saturation shows as above 0.8 only about 45 s later; the autoscaler then averages it "
                + "over its own window (10 s here) before it decides; then a TaskManager starts (a JVM) and the "
                + "adaptive scheduler restarts the job from its latest checkpoint.\n\n"
                + table + "\n";
        Path doc = BenchmarkDoc.writeSection(heading, section);
        System.out.println("\nwritten to " + doc);
    }
}
