package dev.fling.chaos;

import dev.fling.chaos.ChaosCheck.Sent;
import dev.fling.fuzz.DeadLetterIndex;
import dev.fling.fuzz.FlingProbe;
import dev.fling.runtime.operator.model.FlinkDeployment;
import dev.fling.testing.EventLog;
import dev.fling.testing.FaultyHttpProxy;
import dev.fling.testing.FlingProcess;
import dev.fling.testing.KafkaBroker;
import dev.fling.testing.MockKubernetes;
import dev.fling.testing.Requests;
import dev.fling.testing.TcpProxy;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * scripts/chaos on the operator runtime: a real broker, the mock API server with the testing
 * operator behind a faulty HTTP proxy and a TCP proxy, and the packaged Fling, fed a steady mixed
 * stream of requests over Kafka and HTTP while faults are injected at times drawn from the seed
 * (Fling killed with SIGKILL or stopped with SIGTERM and started again; the API server cut off,
 * stalled, or answering 500 and 429 to a share of calls, for seconds; the broker stopped for seconds
 * and started again on its port and log directory). Then the faults stop, everything settles, and
 * {@link ChaosCheck} reads the events, the dead letters and the API server from outside. Prints the
 * table; exits 1 with the seed when an invariant broke.
 * Arguments: --minutes M (may be a fraction) --seed S.
 */
public final class ChaosRun {

    private static final String PREFIX = "chaos";
    private static final String NAMESPACE = "chaos-it";
    private static final int JOB_SECONDS = 12;
    private static final int TTL_SECONDS = 5;

    private final Random random;
    private final long seed;
    private final KafkaBroker kafka;
    private final MockKubernetes kubernetes;
    private final FaultyHttpProxy faulty;
    private final TcpProxy api;
    private final KafkaProducer<byte[], byte[]> producer;
    private final List<Sent> sent = new ArrayList<>();
    private final List<Long> sentAt = new ArrayList<>();
    private final List<String> launched = new ArrayList<>();
    private final Map<String, Long> requestsByType = new TreeMap<>();
    private final Map<String, Long> faultsByKind = new TreeMap<>();
    private final List<Long> restarts = new ArrayList<>();
    private FlingProcess fling;
    private int generation;

    private ChaosRun(long seed) throws Exception {
        this.seed = seed;
        this.random = new Random(seed);
        kafka = KafkaBroker.start();
        kafka.createTopics(2, PREFIX + ".requests", PREFIX + ".events", PREFIX + ".dlq");
        kubernetes = MockKubernetes.start(0);
        kubernetes.operator().finishJobsAfter(Duration.ofSeconds(JOB_SECONDS));
        faulty = new FaultyHttpProxy(URI.create(kubernetes.url()), seed);
        api = new TcpProxy(URI.create(faulty.url()));
        api.restore();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        double minutes = Double.parseDouble(options.getOrDefault("minutes", "3"));
        long seed = Long.parseLong(options.getOrDefault("seed", Long.toString(System.nanoTime() % 1_000_000)));
        System.exit(run(minutes, seed) ? 0 : 1);
    }

    /** One run of {@code minutes} of faults from {@code seed}, with an environment of its own; true when every invariant held. */
    public static boolean run(double minutes, long seed) throws Exception {
        return new ChaosRun(seed).run(Duration.ofSeconds((long) (minutes * 60)));
    }

    private boolean run(Duration length) throws Exception {
        Map<String, Set<String>> clusters = new ConcurrentHashMap<>();
        long started = System.nanoTime();
        try (EventLog events = new EventLog(kafka.bootstrapServers(), PREFIX + ".events");
                DeadLetterIndex deadLetters = new DeadLetterIndex(kafka.bootstrapServers(), PREFIX + ".dlq");
                Watch watch = watchClusters(clusters)) {
            startFling();
            long end = System.nanoTime() + length.toNanos();
            long nextFault = System.nanoTime() + seconds(8, 20);
            while (System.nanoTime() < end) {
                sendOne();
                if (System.nanoTime() > nextFault) {
                    fault();
                    nextFault = System.nanoTime() + seconds(8, 20);
                }
                Thread.sleep(200 + random.nextInt(600));
            }
            System.out.printf("chaos: %d requests and %d faults in %d s; settling%n", sent.size(),
                    faultsByKind.values().stream().mapToLong(Long::longValue).sum(), length.toSeconds());
            producer.flush();
            awaitAnswers(events);
            awaitQuiet(events, deadLetters);
            Set<String> left = leftBehind(events.records().stream().map(r -> r.value()).toList());
            Map<String, Long> lag = new TreeMap<>();
            FlingProbe.lag(kafka.bootstrapServers(), PREFIX + "-it", PREFIX + ".requests")
                    .forEach((partition, behind) -> lag.put(partition.toString(), behind));
            List<CloudEvent> all = events.records().stream().map(r -> r.value()).toList();
            ChaosCheck check = new ChaosCheck(sent, all, deadLetters, PREFIX + ".requests", clusters, left, lag);
            print(check, all, events, (System.nanoTime() - started) / 1_000_000_000);
            return check.held();
        } finally {
            if (fling != null) {
                fling.kill(); // checked already: nothing to wait for
            }
            producer.close();
            api.close();
            faulty.close();
            kubernetes.close();
            kafka.close();
        }
    }

    private void sendOne() throws Exception {
        int dice = random.nextInt(100);
        String type;
        Object data;
        String job = launched.isEmpty() ? null : launched.get(random.nextInt(launched.size()));
        if (dice < 35 || job == null) {
            type = "launch";
            data = Requests.launchData("name", "chaos");
        } else if (dice < 45) {
            type = "rescale";
            data = Map.of("job", job, "parallelism", 1 + random.nextInt(4));
        } else if (dice < 52) {
            type = "savepoint";
            data = Map.of("job", job);
        } else if (dice < 62) {
            type = "cancel";
            data = Map.of("job", job, "savepoint", random.nextBoolean());
        } else if (dice < 70) {
            type = "fail";
            kubernetes.operator().fail(NAMESPACE, job, "chaos: the job failed on purpose");
            return;
        } else if (dice < 85 && !sent.isEmpty()) {
            // A duplicate as a retrying client or a redelivery makes it: while its job is still known
            // (jobs run JOB_SECONDS, then TTL_SECONDS); a launch repeated after that is a new launch.
            int recent = sent.size() - 1;
            while (recent > 0 && sentAt.get(recent - 1) > System.nanoTime() - TimeUnit.SECONDS.toNanos(4)) {
                recent--;
            }
            Sent earlier = sent.get(recent + random.nextInt(sent.size() - recent));
            count("duplicate of an earlier request");
            deliver(earlier.id(), earlier.type(), earlier.job(), earlier.bytes(), earlier.http());
            return;
        } else {
            type = "unknown job";
            data = Map.of("job", "fling-" + Long.toHexString(random.nextLong() & 0xffffffffffL), "savepoint", false);
        }
        String eventType = "dev.fling.job." + (type.equals("unknown job") ? "cancel" : type);
        CloudEvent event = CloudEventBuilder.v1(Requests.request(eventType, data))
                .withId(PREFIX + seed + "-" + sent.size()).build();
        String target = type.equals("launch") ? Requests.jobName(event, "chaos") : job;
        if (type.equals("launch")) {
            launched.add(target);
        }
        count(type);
        deliver(event.getId(), type, target, Requests.structured(event).getBytes(StandardCharsets.UTF_8),
                random.nextInt(4) == 0);
    }

    private void deliver(String id, String type, String job, byte[] bytes, boolean http) throws Exception {
        if (http) {
            int status = post(bytes);
            sent.add(new Sent(id, type, true, bytes, job, -1, -1, status));
            sentAt.add(System.nanoTime());
            return;
        }
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(PREFIX + ".requests", id.getBytes(StandardCharsets.UTF_8), bytes);
        record.headers().add("content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8));
        RecordMetadata where = producer.send(record).get(30, TimeUnit.SECONDS);
        sent.add(new Sent(id, type, false, bytes, job, where.partition(), where.offset(), 0));
        sentAt.add(System.nanoTime());
    }

    /** As a client would: retried while Fling is away or asks to come back later, until it answers. */
    private int post(byte[] bytes) {
        try {
            return Awaitility.await("Fling takes the request").atMost(Duration.ofMinutes(2))
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500)).until(() -> {
                        HttpResponse<String> response = fling == null ? null : fling.post("/",
                                "application/cloudevents+json", new String(bytes, StandardCharsets.UTF_8));
                        return response == null ? -1 : response.statusCode();
                    }, status -> status != -1 && status != 503 && status != 429);
        } catch (ConditionTimeoutException e) {
            return -1;
        }
    }

    private void fault() throws Exception {
        switch (random.nextInt(6)) {
            case 0 -> {
                count(faultsByKind, "Fling killed (SIGKILL) and restarted");
                fling.kill();
                Thread.sleep(500 + random.nextInt(2_500));
                startFling();
            }
            case 1 -> {
                count(faultsByKind, "Fling stopped (SIGTERM) and restarted");
                fling.close();
                startFling();
            }
            case 2 -> {
                count(faultsByKind, "Kubernetes API cut off for 2-8 s");
                api.cut();
                Thread.sleep(seconds(2, 8) / 1_000_000);
                api.restore();
            }
            case 4 -> {
                count(faultsByKind, "Kubernetes API answering 500 or 429 to a third of calls for 5-15 s");
                faulty.fail(1.0 / 3);
                Thread.sleep(seconds(5, 15) / 1_000_000);
                faulty.fail(0);
            }
            case 3 -> {
                count(faultsByKind, "Kafka broker stopped for 2-8 s and started again");
                kafka.stop();
                Thread.sleep(seconds(2, 8) / 1_000_000);
                kafka.startAgain();
            }
            default -> {
                count(faultsByKind, "Kubernetes API stalled (calls time out) for 2-8 s");
                api.stall();
                Thread.sleep(seconds(2, 8) / 1_000_000);
                api.flow();
            }
        }
    }

    private void startFling() throws Exception {
        Map<String, String> environment = FlingProcess.operatorEnvironment(kafka, api.url(), PREFIX, NAMESPACE);
        environment.put("FLING_KAFKA_SESSION_TIMEOUT_MS", "6000");
        environment.put("FLING_DEFAULTS_TTL_SECONDS_AFTER_FINISHED", Integer.toString(TTL_SECONDS));
        fling = FlingProcess.start(PREFIX + "-" + seed + "-" + generation++, environment);
        restarts.add(System.currentTimeMillis());
        fling.awaitReady();
    }

    /** Until every request has an answer and every accepted launch its end, or three minutes (the check then says which not). */
    private void awaitAnswers(EventLog events) {
        try {
            Awaitility.await("every request answered and every accepted launch ended").atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(1)).until(() -> answeredAndEnded(events));
        } catch (ConditionTimeoutException e) {
            System.out.println("chaos: " + e.getMessage());
        }
    }

    private boolean answeredAndEnded(EventLog events) {
        Set<String> answered = new HashSet<>();
        Set<String> ended = new HashSet<>();
        Set<String> accepted = new HashSet<>();
        for (ConsumerRecord<String, CloudEvent> record : events.records()) {
            CloudEvent event = record.value();
            Object request = event.getExtension("flingrequestid");
            if (request != null) {
                answered.add(request.toString());
            }
            String kind = event.getType().substring("dev.fling.job.".length());
            if (ChaosCheck.TERMINAL.contains(kind)) {
                ended.add(event.getSubject());
            } else if (kind.equals("accepted") && launched.contains(event.getSubject())) {
                accepted.add(event.getSubject());
            }
        }
        return sent.stream().allMatch(s -> answered.contains(s.id())) && ended.containsAll(accepted);
    }

    /**
     * Then until nothing is left to happen: every request committed, every cluster deleted after its
     * time-to-live (Fling then forgets the job and says nothing more of it), and everything Fling
     * wrote read; so a late duplicate or a second ending is seen. At most the time-to-live and 15 s:
     * a cluster still there then is left behind, and the check says so.
     */
    private void awaitQuiet(EventLog events, DeadLetterIndex deadLetters) {
        try {
            Awaitility.await("every request committed, every cluster deleted, everything written read")
                    .atMost(Duration.ofSeconds(TTL_SECONDS + 15)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> FlingProbe.lag(kafka.bootstrapServers(), PREFIX + "-it", PREFIX + ".requests")
                            .values().stream().allMatch(behind -> behind == 0)
                            && kubernetes.client().resources(FlinkDeployment.class).inNamespace(NAMESPACE).list()
                                    .getItems().isEmpty()
                            && events.reached(FlingProbe.ends(kafka.bootstrapServers(), PREFIX + ".events"))
                            && deadLetters.reached(FlingProbe.ends(kafka.bootstrapServers(), PREFIX + ".dlq")));
        } catch (ConditionTimeoutException e) {
            System.out.println("chaos: " + e.getMessage());
        }
    }

    private Set<String> leftBehind(List<CloudEvent> events) {
        Set<String> left = ConcurrentHashMap.newKeySet();
        for (FlinkDeployment deployment : kubernetes.client().resources(FlinkDeployment.class).inNamespace(NAMESPACE)
                .list().getItems()) {
            String job = deployment.getMetadata().getName();
            boolean ended = events.stream().anyMatch(e -> job.equals(e.getSubject())
                    && ChaosCheck.TERMINAL.contains(e.getType().substring("dev.fling.job.".length())));
            if (ended) {
                left.add(job);
            }
        }
        return left;
    }

    private Watch watchClusters(Map<String, Set<String>> clusters) {
        return kubernetes.client().resources(FlinkDeployment.class).inNamespace(NAMESPACE).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, FlinkDeployment deployment) {
                if (action == Action.ADDED) {
                    clusters.computeIfAbsent(deployment.getMetadata().getName(), n -> ConcurrentHashMap.newKeySet())
                            .add(deployment.getMetadata().getUid());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                System.out.println("chaos: the watch of clusters closed: " + cause);
            }
        });
    }

    private void print(ChaosCheck check, List<CloudEvent> events, EventLog log, long seconds) {
        System.out.printf("%nchaos: operator runtime, seed %d, %d s in all%n", seed, seconds);
        System.out.println("\n| requests | count |\n| --- | ---: |");
        requestsByType.forEach((type, n) -> System.out.printf("| %s | %d |%n", type, n));
        System.out.println("\n| faults | count |\n| --- | ---: |");
        faultsByKind.forEach((kind, n) -> System.out.printf("| %s | %d |%n", kind, n));
        List<Long> gaps = new ArrayList<>();
        List<Long> times = log.records().stream().map(r -> r.timestamp()).sorted().toList();
        for (long restart : restarts.subList(1, restarts.size())) {
            times.stream().filter(t -> t >= restart).findFirst().ifPresent(t -> gaps.add(t - restart));
        }
        gaps.sort(Long::compare);
        System.out.println("\n| invariant or figure | value |\n| --- | ---: |");
        check.figures.forEach((name, value) -> System.out.printf("| %s | %d |%n", name, value));
        System.out.printf("| events published | %d |%n", events.size());
        System.out.printf("| restart to its first event, p50 / max (ms, %d restarts) | %s / %s |%n", gaps.size(),
                gaps.isEmpty() ? "-" : gaps.get(gaps.size() / 2), gaps.isEmpty() ? "-" : gaps.get(gaps.size() - 1));
        if (check.held()) {
            System.out.println("\nchaos: every invariant held");
        } else {
            System.out.printf("%nchaos: %d violations; replay with --seed %d. The first ones:%n",
                    check.violations.size(), seed);
            check.violations.stream().limit(30).forEach(v -> System.out.println("  - " + v));
        }
    }

    private void count(String type) {
        count(requestsByType, type);
    }

    private static void count(Map<String, Long> counts, String key) {
        counts.merge(key, 1L, Long::sum);
    }

    private long seconds(int from, int to) {
        return TimeUnit.SECONDS.toNanos(from + random.nextInt(to - from + 1));
    }
}
