package dev.fling.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.fuzz.HostileInput.Channel;
import dev.fling.testing.Progress;
import dev.fling.testing.TopicReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * scripts/fuzz: sends generated hostile requests ({@link HostileRequests}) to a running Fling over
 * Kafka and HTTP, then checks from outside that each was refused as it should be (a rejection with
 * its reason and its dead letter byte for byte, or a 4xx) and that nothing was created, that no
 * partition is stuck, that Fling is alive and its heap back to its level after a full GC. Prints
 * counts by reason and the slowest inputs; exits 1 when anything did not hold.
 * Arguments: --count N --seed S --pid P --log FILE; environment BOOTSTRAP_SERVERS and FLING_URL.
 */
public final class FuzzRun {

    private static final String REQUESTS = "fling.requests";
    private static final int KAFKA_RECORD_LIMIT = 1_000_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What happened to one input. */
    static final class Sent {
        final HostileInput input;
        final long sentAtMillis = System.currentTimeMillis();
        Future<RecordMetadata> record;
        int status;
        String answer;
        long millis = -1;

        Sent(HostileInput input) {
            this.input = input;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int count = Integer.parseInt(options.getOrDefault("count", "10000"));
        long seed = Long.parseLong(options.getOrDefault("seed", Long.toString(System.nanoTime() % 1_000_000)));
        String bootstrap = System.getenv("BOOTSTRAP_SERVERS");
        String url = System.getenv("FLING_URL");
        FlingProbe fling = new FlingProbe(url, Long.parseLong(options.get("pid")),
                options.containsKey("log") ? Path.of(options.get("log")) : null);
        System.exit(run(count, seed, bootstrap, url, fling) ? 0 : 1);
    }

    /** Sends {@code count} inputs from {@code seed} to the Fling at {@code url}; true when everything held. */
    public static boolean run(int count, long seed, String bootstrap, String url, FlingProbe fling) throws Exception {
        String runId = "fuzz" + seed;
        List<String> failures = new ArrayList<>();
        long heapBefore = fling.heapAfterFullGc();
        Map<String, String> created = new ConcurrentHashMap<>();
        long started = System.nanoTime();
        List<Sent> sent = new ArrayList<>();
        try (DeadLetterIndex deadLetters = new DeadLetterIndex(bootstrap, "fling.requests.dlq");
                TopicReader<byte[], byte[]> events = eventsReader(bootstrap, runId, created);
                KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            ExecutorService posts = Executors.newFixedThreadPool(4);
            HttpClient http = http1();
            HostileRequests generator = new HostileRequests(seed);
            for (int i = 0; i < count; i++) {
                HostileInput input = generator.next(runId);
                if (input.channel() == Channel.KAFKA && size(input) > KAFKA_RECORD_LIMIT) {
                    // Beyond the broker's record limit it never reaches Fling: try it over HTTP instead.
                    input = new HostileInput(input.kind(), Channel.HTTP, input.id(), http(input.headers()),
                            input.body(), input.reasons(), Set.of(413));
                }
                Sent one = new Sent(input);
                sent.add(one);
                if (input.channel() == Channel.KAFKA) {
                    one.record = producer.send(record(input));
                } else {
                    // A 431 is written by Vert.x before any route and closes the connection without saying
                    // so; a keep-alive client would send its next request on the dead connection. Inputs that
                    // may get one go on a connection of their own, as a client that honours the close would.
                    HttpClient client = input.statuses().contains(431) ? http1() : http;
                    posts.submit(() -> post(client, url, one));
                }
            }
            producer.flush();
            posts.shutdown();
            posts.awaitTermination(30, TimeUnit.MINUTES);
            long sentSeconds = (System.nanoTime() - started) / 1_000_000_000;
            System.out.printf("sent %d inputs in %d s; waiting for their dead letters%n", count, sentSeconds);
            awaitDeadLetters(deadLetters, expectedLetters(sent));
            Map<String, Long> lag = awaitNoLag(bootstrap);
            awaitReadToTheEnd(bootstrap, deadLetters, events);
            for (Sent one : sent) {
                check(one, deadLetters, failures);
            }
            lag.forEach((partition, behind) -> {
                if (behind > 0) {
                    failures.add("partition " + partition + " is stuck " + behind + " records behind");
                }
            });
            created.forEach((id, type) -> failures.add("input " + id + " made a " + type + " event: it was let in"));
            String jobs = fling.jobs().trim();
            if (!jobs.equals("[]") && !JSON.readTree(jobs).path("jobs").isEmpty()) {
                failures.add("Fling knows jobs after the run: " + jobs.substring(0, Math.min(300, jobs.length())));
            }
            if (!fling.alive()) {
                failures.add("Fling is no longer running");
            }
            long heapAfter = fling.heapAfterFullGc();
            Map<String, Long> log = fling.logFindings();
            log.forEach((what, n) -> {
                if (!what.equals("ERROR lines")) {
                    failures.add(n + " log lines with " + what);
                }
            });
            long allowance = Math.max(32L << 20, heapBefore / 2);
            if (heapBefore > 0 && heapAfter - heapBefore > allowance) {
                failures.add("heap after a full GC grew from " + mb(heapBefore) + " to " + mb(heapAfter));
            }
            print(sent, count, seed, (System.nanoTime() - started) / 1_000_000_000, heapBefore, heapAfter, lag, log,
                    failures);
        }
        return failures.isEmpty();
    }

    private static HttpClient http1() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static void post(HttpClient http, String url, Sent one) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + "/")).timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofByteArray(one.input.body()));
        one.input.headers().forEach(request::header);
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            one.status = response.statusCode();
            one.answer = response.body();
        } catch (Exception e) {
            one.status = -1;
            one.answer = e.toString();
        }
        one.millis = (System.nanoTime() - start) / 1_000_000;
    }

    private static void check(Sent one, DeadLetterIndex deadLetters, List<String> failures) throws Exception {
        HostileInput input = one.input;
        if (input.channel() == Channel.KAFKA) {
            RecordMetadata where = one.record.get(1, TimeUnit.MINUTES);
            DeadLetterIndex.Letter letter = deadLetters.ofRecord(REQUESTS, where.partition(), where.offset());
            expectLetter(one, letter, input.body(), failures);
            if (letter != null) {
                one.millis = letter.timestamp() - one.sentAtMillis;
                one.answer = letter.reason();
            }
            return;
        }
        if (!input.statuses().contains(one.status)) {
            failures.add(input.describe() + " answered " + one.status + ", expected " + input.statuses() + ": "
                    + abbreviate(one.answer));
            return;
        }
        if (one.status == 400) {
            DeadLetterIndex.Letter letter = deadLetters.takeHttp(input.body());
            expectLetter(one, letter, input.body(), failures);
            one.answer = letter == null ? "HTTP 400" : letter.reason();
        } else if (one.status == 200) {
            JsonNode outcomes = JSON.readTree(one.answer);
            JsonNode batch = JSON.readTree(input.body());
            for (int i = 0; i < batch.size(); i++) {
                if (outcomes.path(i).path("status").asInt() != 400) {
                    failures.add(input.describe() + ": batch element " + i + " got " + outcomes.path(i));
                    break;
                }
                expectLetter(one, deadLetters.takeHttp(batch.get(i).toString().getBytes(StandardCharsets.UTF_8)),
                        null, failures);
            }
            one.answer = "batch, each " + input.reasons().iterator().next();
        } else {
            one.answer = "HTTP " + one.status;
        }
    }

    private static void expectLetter(Sent one, DeadLetterIndex.Letter letter, byte[] body, List<String> failures) {
        HostileInput input = one.input;
        if (letter == null) {
            failures.add(input.describe() + ": no dead letter");
        } else if (body != null && !letter.digest().equals(DeadLetterIndex.digest(body))) {
            failures.add(input.describe() + ": the dead letter differs from what was sent");
        } else if (!input.reasons().contains(letter.reason())) {
            failures.add(input.describe() + ": rejected as " + letter.reason() + ", expected one of " + input.reasons());
        }
    }

    private static long expectedLetters(List<Sent> sent) {
        long letters = 0;
        for (Sent one : sent) {
            if (one.input.channel() == Channel.KAFKA || one.status == 400) {
                letters++;
            } else if (one.status == 200) {
                try {
                    letters += JSON.readTree(one.answer).size();
                } catch (java.io.IOException e) {
                    letters++;
                }
            }
        }
        return letters;
    }

    /**
     * Until the dead letters of every refused input are in, or none came for 90 s (the check then
     * names each input without its dead letter); a large run takes long, a stuck one is cut short.
     */
    private static void awaitDeadLetters(DeadLetterIndex deadLetters, long expected) {
        Progress progress = new Progress(deadLetters::count);
        try {
            Awaitility.await("a dead letter for each of the " + expected + " refused inputs")
                    .atMost(Duration.ofHours(2)).pollInterval(Duration.ofMillis(200))
                    .failFast("no new dead letter for 90 s", () -> progress.stalledFor(Duration.ofSeconds(90)))
                    .until(() -> deadLetters.count() >= expected);
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            System.out.println("fuzz: " + e.getMessage());
        }
    }

    /** Until Fling's consumer group has committed every input, or a minute; the lag per partition as it is then. */
    private static Map<String, Long> awaitNoLag(String bootstrap) throws Exception {
        try {
            Awaitility.await("Fling has committed every input (lag 0 on each partition)").atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofSeconds(1)).until(() -> lag(bootstrap).values().stream()
                            .allMatch(behind -> behind == 0));
        } catch (ConditionTimeoutException e) {
            System.out.println("fuzz: " + e.getMessage());
        }
        return lag(bootstrap);
    }

    private static Map<String, Long> lag(String bootstrap) throws Exception {
        Map<String, Long> lag = new TreeMap<>();
        FlingProbe.lag(bootstrap, "fling", REQUESTS).forEach((partition, behind) -> lag.put(partition.toString(), behind));
        return lag;
    }

    /**
     * Once every input is committed, Fling writes nothing more about them: the readers of the dead
     * letters and events then reach the topics' ends, and a late duplicate or a late event is among
     * what they read.
     */
    private static void awaitReadToTheEnd(String bootstrap, DeadLetterIndex deadLetters,
            TopicReader<byte[], byte[]> events) throws Exception {
        Map<TopicPartition, Long> letterEnds = FlingProbe.ends(bootstrap, "fling.requests.dlq");
        Map<TopicPartition, Long> eventEnds = FlingProbe.ends(bootstrap, "fling.events");
        Awaitility.await("the dead letters and events written are all read").atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> deadLetters.reached(letterEnds) && events.reached(eventEnds));
    }

    private static void print(List<Sent> sent, int count, long seed, long seconds, long heapBefore, long heapAfter,
            Map<String, Long> lag, Map<String, Long> log, List<String> failures) {
        Map<String, Long> byReason = new TreeMap<>();
        Map<String, Long> byKind = new TreeMap<>();
        long kafka = 0;
        for (Sent one : sent) {
            byReason.merge(one.answer == null ? "none" : one.answer, 1L, Long::sum);
            byKind.merge(one.input.kind().replaceAll(" in .*| [0-9]+k events", ""), 1L, Long::sum);
            kafka += one.input.channel() == Channel.KAFKA ? 1 : 0;
        }
        System.out.printf("%nfuzz: %d inputs (%d over Kafka, %d over HTTP), seed %d, %d s%n", count, kafka,
                count - kafka, seed, seconds);
        System.out.println("\n| kind | inputs |\n| --- | ---: |");
        byKind.forEach((kind, n) -> System.out.printf("| %s | %d |%n", kind, n));
        System.out.println("\n| answer | inputs |\n| --- | ---: |");
        byReason.forEach((reason, n) -> System.out.printf("| %s | %d |%n", reason, n));
        System.out.println("\n| slowest inputs | ms |\n| --- | ---: |");
        sent.stream().sorted(Comparator.comparingLong((Sent s) -> s.millis).reversed()).limit(5)
                .forEach(s -> System.out.printf("| %s | %d |%n", s.input.describe(), s.millis));
        System.out.printf("%n| check | result |%n| --- | --- |%n");
        System.out.printf("| inputs let in (accepted, or a job made) | %d |%n",
                failures.stream().filter(f -> f.contains("let in") || f.contains("knows jobs")).count());
        System.out.printf("| inputs refused otherwise than expected | %d |%n",
                failures.stream().filter(f -> f.contains("dead letter") || f.contains("expected")).count());
        System.out.printf("| crashes (Fling gone, OutOfMemoryError, StackOverflowError) | %d |%n",
                failures.stream().filter(f -> f.contains("no longer running") || f.contains("log lines")).count());
        System.out.printf("| ERROR lines in Fling's log | %d |%n", log.getOrDefault("ERROR lines", 0L));
        System.out.printf("| stuck partitions | %d (lag %s) |%n", lag.values().stream().filter(l -> l > 0).count(), lag);
        System.out.printf("| heap after a full GC, before / after | %s / %s |%n", mb(heapBefore), mb(heapAfter));
        if (failures.isEmpty()) {
            System.out.println("\nfuzz: every input was refused as expected");
        } else {
            System.out.printf("%nfuzz: %d failures (replay with --seed %d --count %d); the first ones:%n",
                    failures.size(), seed, count);
            failures.stream().limit(30).forEach(f -> System.out.println("  - " + f));
        }
    }

    private static TopicReader<byte[], byte[]> eventsReader(String bootstrap, String runId, Map<String, String> created) {
        return new TopicReader<>(new KafkaConsumer<byte[], byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName())),
                "fling.events", record -> {
                    String type = header(record.headers().lastHeader("ce_type"));
                    String request = header(record.headers().lastHeader("ce_flingrequestid"));
                    if (type == null) {
                        try {
                            JsonNode event = JSON.readTree(record.value());
                            type = event.path("type").asText();
                            request = event.path("flingrequestid").asText(null);
                        } catch (java.io.IOException e) {
                            return;
                        }
                    }
                    if (request != null && request.startsWith(runId + "-") && !type.endsWith(".rejected")) {
                        created.put(request, type);
                    }
                });
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * KAFKA_RECORD_LIMIT,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    private static ProducerRecord<byte[], byte[]> record(HostileInput input) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(REQUESTS, input.id().getBytes(StandardCharsets.UTF_8),
                input.body());
        input.headers().forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    private static Map<String, String> http(Map<String, String> headers) {
        Map<String, String> converted = new java.util.LinkedHashMap<>();
        headers.forEach((name, value) -> converted.put(name.startsWith("ce_") ? "ce-" + name.substring(3) : name, value));
        return converted;
    }

    private static long size(HostileInput input) {
        return input.body().length + input.headers().entrySet().stream()
                .mapToLong(e -> e.getKey().length() + e.getValue().length()).sum();
    }

    private static String header(Header header) {
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String mb(long bytes) {
        return bytes < 0 ? "unknown" : (bytes >> 20) + " MB";
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.substring(0, Math.min(200, text.length())).replace('\n', ' ');
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }
}
