package dev.fling.chaos;

import dev.fling.chaos.ChaosCheck.Sent;
import dev.fling.chaos.ChaosPlan.Duplicate;
import dev.fling.chaos.ChaosPlan.FailJob;
import dev.fling.chaos.ChaosPlan.Fault;
import dev.fling.chaos.ChaosPlan.Profile;
import dev.fling.chaos.ChaosPlan.Send;
import dev.fling.chaos.ChaosPlan.Step;
import dev.fling.fuzz.DeadLetterIndex;
import dev.fling.fuzz.FlingProbe;
import dev.fling.testing.EventLog;
import dev.fling.testing.FlingProcess;
import dev.fling.testing.KafkaBroker;
import dev.fling.testing.LocalClusters;
import io.cloudevents.CloudEvent;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
 * scripts/chaos: a real broker, a runtime with the packaged Fling ({@link ChaosTarget}), and the
 * {@link ChaosPlan} drawn from the seed carried out step by step: a steady mixed stream of requests
 * over Kafka and HTTP, each fault after its request. Then the faults stop, everything settles, and
 * {@link ChaosCheck} reads the events, the dead letters and the clusters from outside. Prints the
 * plan first and the table last; exits 1 with the seed when an invariant broke.
 * Arguments: --minutes M (may be a fraction: the plan's length at its pace; faults and restarts add
 * to it) or --requests N, --seed S, --runtime operator|local, --ha true.
 */
public final class ChaosRun {

    private static final String PREFIX = ChaosPlan.PREFIX;

    private final ChaosPlan plan;
    private final KafkaBroker kafka;
    private final ChaosTarget target;
    private final KafkaProducer<byte[], byte[]> producer;
    private final List<Sent> sent = new ArrayList<>();
    private final Map<Integer, Sent> sentAtStep = new TreeMap<>();
    private final Set<String> launched = new HashSet<>();
    private final Map<String, Long> requestsByType = new TreeMap<>();
    private final Map<String, Long> faultsByKind = new TreeMap<>();

    private ChaosRun(ChaosPlan plan) throws Exception {
        this.plan = plan;
        kafka = KafkaBroker.start();
        kafka.createTopics(2, PREFIX + ".requests", PREFIX + ".events", PREFIX + ".dlq");
        target = plan.profile() == Profile.LOCAL ? new LocalTarget(kafka, plan.seed())
                : new OperatorTarget(kafka, plan.seed(), plan.profile() == Profile.HA);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Profile profile = options.getOrDefault("runtime", "operator").equals("local") ? Profile.LOCAL
                : Boolean.parseBoolean(options.getOrDefault("ha", "false")) ? Profile.HA : Profile.OPERATOR;
        long seed = Long.parseLong(options.getOrDefault("seed", Long.toString(System.nanoTime() % 1_000_000)));
        int requests = options.containsKey("requests") ? Integer.parseInt(options.get("requests"))
                : requestsIn(Double.parseDouble(options.getOrDefault("minutes", "3")), profile);
        System.exit(run(profile, requests, seed) ? 0 : 1);
    }

    /** How many requests the plan of {@code minutes} has at its profile's pace. */
    public static int requestsIn(double minutes, Profile profile) {
        return (int) Math.max(1, Math.round(minutes * 60_000 / profile.meanPauseMillis));
    }

    /** The operator runtime's run of {@code minutes} at the plan's pace, with an environment of its own. */
    public static boolean run(double minutes, long seed) throws Exception {
        return run(Profile.OPERATOR, requestsIn(minutes, Profile.OPERATOR), seed);
    }

    /** One run of the plan of {@code requests} requests from {@code seed}; true when every invariant held. */
    public static boolean run(Profile profile, int requests, long seed) throws Exception {
        ChaosPlan plan = ChaosPlan.draw(seed, profile, requests, LocalClusters.examplesJar());
        System.out.print(plan.describe());
        return new ChaosRun(plan).run();
    }

    private boolean run() throws Exception {
        long started = System.nanoTime();
        try (EventLog events = new EventLog(kafka.bootstrapServers(), PREFIX + ".events");
                DeadLetterIndex deadLetters = new DeadLetterIndex(kafka.bootstrapServers(), PREFIX + ".dlq")) {
            target.start();
            long sending = System.nanoTime();
            for (int i = 0; i < plan.steps().size(); i++) {
                carryOut(i, plan.steps().get(i));
            }
            System.out.printf("chaos: %d requests and %d faults in %d s; settling%n", sent.size(),
                    plan.faults().size(), (System.nanoTime() - sending) / 1_000_000_000);
            producer.flush();
            awaitAnswers(events);
            awaitQuiet(events, deadLetters);
            List<CloudEvent> all = events.records().stream().map(ConsumerRecord::value).toList();
            Set<String> left = target.leftBehind(all);
            Map<String, Long> lag = new TreeMap<>();
            FlingProbe.lag(kafka.bootstrapServers(), PREFIX + "-it", PREFIX + ".requests")
                    .forEach((partition, behind) -> lag.put(partition.toString(), behind));
            ChaosCheck check = new ChaosCheck(sent, all, deadLetters, PREFIX + ".requests", target.clusters(), left, lag,
                    target instanceof LocalTarget local ? local.jobManagersKilled() : Map.of());
            print(check, events, (System.nanoTime() - started) / 1_000_000_000);
            return check.held();
        } finally {
            target.close();
            producer.close();
            kafka.close();
        }
    }

    private void carryOut(int index, Step step) throws Exception {
        if (step instanceof Send send) {
            ChaosTime.hold(send.pauseMillis());
            count(requestsByType, send.type());
            if (send.type().startsWith("launch")) {
                launched.add(send.job());
            }
            sentAtStep.put(index, deliver(send.id(), send.type(), send.job(), send.bytes(), send.http(), index));
        } else if (step instanceof Duplicate duplicate) {
            ChaosTime.hold(duplicate.pauseMillis());
            count(requestsByType, "duplicate of an earlier request");
            Sent earlier = sentAtStep.get(duplicate.of());
            deliver(earlier.id(), earlier.type(), earlier.job(), earlier.bytes(), earlier.http(), index);
        } else if (step instanceof FailJob fail) {
            ChaosTime.hold(fail.pauseMillis());
            count(requestsByType, "job failed by the operator");
            target.failJob(fail.job());
        } else if (step instanceof Fault fault) {
            count(faultsByKind, fault.kind().description);
            System.out.printf("chaos: fault after request %d: %s%n", sent.size(), fault.kind().description);
            target.inject(fault);
        }
    }

    private Sent deliver(String id, String type, String job, byte[] bytes, boolean http, int index) throws Exception {
        Sent one;
        if (http) {
            one = new Sent(id, type, true, bytes, job, -1, -1, post(bytes, index));
        } else {
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(PREFIX + ".requests",
                    id.getBytes(StandardCharsets.UTF_8), bytes);
            record.headers().add("content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8));
            RecordMetadata where = producer.send(record).get(60, TimeUnit.SECONDS);
            one = new Sent(id, type, false, bytes, job, where.partition(), where.offset(), 0);
        }
        sent.add(one);
        return one;
    }

    /** As a client would: retried while Fling is away or asks to come back later, until it answers. */
    private int post(byte[] bytes, int index) {
        try {
            return Awaitility.await("Fling takes the request").atMost(Duration.ofMinutes(2))
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500)).until(() -> {
                        FlingProcess fling = target.entry(index);
                        HttpResponse<String> response = fling == null ? null : fling.post("/",
                                "application/cloudevents+json", new String(bytes, StandardCharsets.UTF_8));
                        return response == null ? -1 : response.statusCode();
                    }, status -> status != -1 && status != 503 && status != 429);
        } catch (ConditionTimeoutException e) {
            return -1;
        }
    }

    /** Until every request has an answer and every accepted launch its end, or a few minutes (the check then says which not). */
    private void awaitAnswers(EventLog events) {
        try {
            Awaitility.await("every request answered and every accepted launch ended")
                    .atMost(Duration.ofMinutes(plan.profile() == Profile.LOCAL ? 6 : 3))
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
            String kind = ChaosCheck.kind(event);
            if (ChaosCheck.TERMINAL.contains(kind)) {
                ended.add(event.getSubject());
            } else if (kind.equals("accepted") && launched.contains(event.getSubject())) {
                accepted.add(event.getSubject());
            }
        }
        return sent.stream().allMatch(s -> answered.contains(s.id())) && ended.containsAll(accepted);
    }

    /**
     * Then until nothing is left to happen: every request committed, every cluster gone after its
     * time-to-live (Fling then forgets the job and says nothing more of it), and everything Fling
     * wrote read; so a late duplicate or a second ending is seen. At most the time-to-live and 15 s
     * (30 s for real processes): a cluster still there then is left behind, and the check says so.
     */
    private void awaitQuiet(EventLog events, DeadLetterIndex deadLetters) {
        try {
            Awaitility.await("every request committed, every cluster gone, everything written read")
                    .atMost(Duration.ofSeconds(OperatorTarget.TTL_SECONDS + (plan.profile() == Profile.LOCAL ? 30 : 15)))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> FlingProbe.lag(kafka.bootstrapServers(), PREFIX + "-it", PREFIX + ".requests")
                            .values().stream().allMatch(behind -> behind == 0)
                            && target.empty()
                            && events.reached(FlingProbe.ends(kafka.bootstrapServers(), PREFIX + ".events"))
                            && deadLetters.reached(FlingProbe.ends(kafka.bootstrapServers(), PREFIX + ".dlq")));
        } catch (ConditionTimeoutException e) {
            System.out.println("chaos: " + e.getMessage());
        }
    }

    private void print(ChaosCheck check, EventLog log, long seconds) {
        List<ConsumerRecord<String, CloudEvent>> records = log.records();
        System.out.printf("%nchaos: %s, seed %d, plan %s, %d s in all%n", plan.profile().title, plan.seed(),
                plan.digest(), seconds);
        System.out.println("\n| requests | count |\n| --- | ---: |");
        requestsByType.forEach((type, n) -> System.out.printf("| %s | %d |%n", type, n));
        System.out.println("\n| faults | count |\n| --- | ---: |");
        faultsByKind.forEach((kind, n) -> System.out.printf("| %s | %d |%n", kind, n));
        List<Long> gaps = new ArrayList<>();
        List<Long> times = records.stream().map(ConsumerRecord::timestamp).sorted().toList();
        List<Long> starts = target.starts();
        int first = plan.profile() == Profile.HA ? 2 : 1;
        for (long restart : starts.subList(Math.min(first, starts.size()), starts.size())) {
            times.stream().filter(t -> t >= restart).findFirst().ifPresent(t -> gaps.add(t - restart));
        }
        System.out.println("\n| invariant or figure | value |\n| --- | ---: |");
        check.figures.forEach((name, value) -> System.out.printf("| %s | %d |%n", name, value));
        System.out.printf("| events published | %d |%n", records.size());
        System.out.printf("| restart to its first event, p50 / max (ms, %d restarts) | %s |%n", gaps.size(), p50AndMax(gaps));
        target.figures(records.stream().map(ConsumerRecord::value).toList(),
                records.stream().map(ConsumerRecord::timestamp).toList())
                .forEach((name, value) -> System.out.printf("| %s | %s |%n", name, value));
        if (check.held()) {
            System.out.println("\nchaos: every invariant held");
        } else {
            System.out.printf("%nchaos: %d violations; replay with --seed %d%s. The first ones:%n",
                    check.violations.size(), plan.seed(), plan.profile() == Profile.LOCAL ? " --runtime local"
                            : plan.profile() == Profile.HA ? " --ha" : "");
            check.violations.stream().limit(30).forEach(v -> System.out.println("  - " + v));
        }
    }

    static String p50AndMax(List<Long> values) {
        if (values.isEmpty()) {
            return "- / -";
        }
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get((sorted.size() - 1) / 2) + " / " + sorted.get(sorted.size() - 1);
    }

    private static void count(Map<String, Long> counts, String key) {
        counts.merge(key, 1L, Long::sum);
    }
}
