package dev.fling.runtime.operator;

import dev.fling.runtime.operator.model.FlinkDeployment;
import dev.fling.runtime.operator.model.FlinkDeploymentStatus;
import dev.fling.runtime.operator.model.FlinkSessionJob;
import dev.fling.testing.BenchmarkDoc;
import dev.fling.testing.EventLog;
import dev.fling.testing.FlingProcess;
import dev.fling.testing.KafkaBroker;
import dev.fling.testing.MockKubernetes;
import dev.fling.testing.RequestSender;
import dev.fling.testing.Requests;
import io.cloudevents.CloudEvent;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;

/**
 * Benchmark, not a test (scripts/bench-local --operator): the operator runtime's warm and cold
 * paths against the mock API server and the testing operator, with the packaged Fling. For each
 * launch: from publishing it to its resource being created (a FlinkSessionJob warm, a
 * FlinkDeployment cold), and to {@code started} being published, less the testing operator's own
 * time (from the resource appearing to its status saying RUNNING), both seen by watches in this JVM.
 */
public final class OperatorWarmBenchmark {

    private static final String NAMESPACE = "bench-warm";
    private static final String HTTP_JAR = "https://jars.example.org/flink/TopSpeedWindowing.jar";
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final Map<String, Long> ADDED = new ConcurrentHashMap<>();
    private static final Map<String, Long> RUNNING = new ConcurrentHashMap<>();

    private OperatorWarmBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        List<double[]> warm = new ArrayList<>();
        List<double[]> cold = new ArrayList<>();
        KafkaBroker kafka = KafkaBroker.start();
        kafka.createTopics(1, "bw.requests", "bw.events", "bw.dlq");
        try (MockKubernetes kubernetes = MockKubernetes.start(0)) {
            watch(kubernetes, FlinkSessionJob.class);
            watch(kubernetes, FlinkDeployment.class);
            Map<String, String> environment = FlingProcess.operatorEnvironment(kafka, kubernetes.url(), "bw", NAMESPACE);
            environment.put("FLING_OPERATOR_WARM_POOL_SIZE", "1");
            try (FlingProcess fling = FlingProcess.start("bench-operator-warm", environment);
                    RequestSender requests = new RequestSender(kafka.bootstrapServers(), "bw.requests");
                    EventLog events = new EventLog(kafka.bootstrapServers(), "bw.events")) {
                fling.awaitReady();
                for (int round = 0; round <= rounds; round++) {
                    awaitPooledReady(kubernetes);
                    double[] w = launch(requests, events, "warm" + round, HTTP_JAR, "warm");
                    double[] c = launch(requests, events, "cold" + round,
                            "local:///opt/flink/examples/streaming/TopSpeedWindowing.jar", "cold");
                    System.out.printf("%-8s  warm: created %5.0f ms, started %5.0f ms   cold: created %5.0f ms, "
                            + "started %5.0f ms%n", round == 0 ? "warm-up" : "round " + round, w[0], w[1], c[0], c[1]);
                    if (round > 0) {
                        warm.add(w);
                        cold.add(c);
                    }
                }
            }
        } finally {
            kafka.close();
        }
        report(rounds, warm, cold);
        System.exit(0);
    }

    /** Milliseconds from publishing to the resource created, and to {@code started} less the operator's own time. */
    private static double[] launch(RequestSender requests, EventLog events, String name, String jar, String expected) {
        CloudEvent launch = Requests.launch(Requests.launchData("name", name, "jarURI", jar));
        String job = Requests.jobName(launch, name);
        long sent = System.currentTimeMillis();
        requests.sendBinary(launch);
        CloudEvent started = events.awaitWithin(job, "dev.fling.job.started", LIMIT);
        String start = EventLog.data(started).path("start").asText();
        if (!expected.equals(start)) {
            throw new IllegalStateException(job + " started " + start + ", expected " + expected);
        }
        long published = events.records().stream().filter(r -> job.equals(r.value().getSubject())
                && "dev.fling.job.started".equals(r.value().getType())).mapToLong(ConsumerRecord::timestamp)
                .findFirst().orElseThrow();
        Awaitility.await(job + " seen by the watches").atMost(LIMIT).until(() -> RUNNING.containsKey(job));
        long added = ADDED.get(job);
        long operator = RUNNING.get(job) - added;
        return new double[] {added - sent, published - sent - operator};
    }

    private static void awaitPooledReady(MockKubernetes kubernetes) {
        Awaitility.await("a ready pooled deployment").atMost(LIMIT).pollInterval(Duration.ofMillis(50)).until(() ->
                kubernetes.client().resources(FlinkDeployment.class).inNamespace(NAMESPACE)
                        .withLabel("fling.dev/pool", "idle").list().getItems().stream()
                        .anyMatch(PoolUpkeep::ready));
    }

    private static <T extends CustomResource<?, ? extends FlinkDeploymentStatus>> void watch(MockKubernetes kubernetes,
            Class<T> kind) {
        kubernetes.client().resources(kind).inNamespace(NAMESPACE).watch(new Watcher<T>() {
            @Override
            public void eventReceived(Action action, T resource) {
                long now = System.currentTimeMillis();
                String name = resource.getMetadata().getName();
                ADDED.putIfAbsent(name, now);
                FlinkDeploymentStatus status = resource.getStatus();
                if (status != null && status.jobStatus != null && "RUNNING".equals(status.jobStatus.state)) {
                    RUNNING.putIfAbsent(name, now);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
    }

    private static void report(int rounds, List<double[]> warm, List<double[]> cold) throws java.io.IOException {
        String table = String.join("\n",
                "| operator runtime, per launch | min | median | p95 | max |",
                "| --- | --- | --- | --- | --- |",
                row("warm: event -> FlinkSessionJob created", warm, 0),
                row("warm: event -> `started` published, less the testing operator's time", warm, 1),
                row("cold: event -> FlinkDeployment created", cold, 0),
                row("cold: event -> `started` published, less the testing operator's time", cold, 1));
        System.out.println();
        System.out.println(table);
        String heading = "## Operator runtime: warm pool (scripts/bench-local --operator)";
        String section = heading + "\n\n"
                + "Measured " + LocalDate.now() + " on " + Runtime.getRuntime().availableProcessors() + " cores, "
                + rounds + " rounds after one warm-up round, each a warm then a cold launch, one at a time.\n\n"
                + "Method: the packaged Fling (operator runtime, `fling.operator.warm-pool.size=1`) against a real "
                + "Kafka broker and the fabric8 mock API server with the testing operator, which makes a session "
                + "deployment ready and a job RUNNING as soon as it reconciles them. Before each warm launch a "
                + "pooled deployment is ready; the warm launch names an https jar (a FlinkSessionJob on it), the "
                + "cold one a `local://` jar (a FlinkDeployment of its own). Watches in the benchmark's JVM note "
                + "when each resource first appears and when its status first says RUNNING; the time between the "
                + "two is the testing operator's and is subtracted from publishing -> `started` published (its "
                + "Kafka record's timestamp), which leaves Fling's own part: admission, the pool's take, the "
                + "writes, following the status and emitting. A real operator adds its cluster start (cold: "
                + "pod scheduling, image pull, JobManager boot) or only the job's submission (warm) on top. "
                + "Fling's own part is larger warm than cold: before its one create, the warm path asks whether a FlinkDeployment of that name exists (a redelivered launch that went cold) and takes the pooled deployment with fabric8's typed merge patch (a GET, then the PATCH), where the cold path sends one POST. What the pool saves is the operator's side, which the testing operator does not have: on a cluster, tens of seconds to minutes cold against one job submission warm.\n\n"
                + table + "\n";
        System.out.println("\nwritten to " + BenchmarkDoc.writeSection(heading, section));
    }

    private static String row(String name, List<double[]> values, int index) {
        List<Double> sorted = new ArrayList<>(values.stream().map(v -> v[index]).toList());
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        double p95 = sorted.get(Math.min(n - 1, (int) Math.ceil(0.95 * n) - 1));
        return String.format("| %s | %.0f ms | %.0f ms | %.0f ms | %.0f ms |", name, sorted.get(0), median, p95,
                sorted.get(n - 1));
    }
}
