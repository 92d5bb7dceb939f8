package dev.fling.fuzz;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** What can be seen of a running Fling from outside: its heap after a full GC, its lag, its log, its jobs. */
public final class FlingProbe {

    private static final Pattern HEAP = Pattern.compile("^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} ([0-9.E+-]+)$",
            Pattern.MULTILINE);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String url;
    private final long pid;
    private final Path log;

    public FlingProbe(String url, long pid, Path log) {
        this.url = url;
        this.pid = pid;
        this.log = log;
    }

    /** Heap in use right after a full GC ({@code jcmd GC.run}), in bytes; -1 when it cannot be read. */
    long heapAfterFullGc() throws IOException, InterruptedException {
        Process gc = new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        gc.waitFor(60, TimeUnit.SECONDS);
        Matcher heap = HEAP.matcher(get("/q/metrics"));
        double used = 0;
        boolean found = false;
        while (heap.find()) {
            used += Double.parseDouble(heap.group(1));
            found = true;
        }
        return found ? (long) used : -1;
    }

    boolean alive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The jobs Fling knows (GET /jobs), as its JSON. */
    String jobs() throws IOException, InterruptedException {
        return get("/jobs");
    }

    /** Log lines that say the JVM itself broke (out of memory, stack overflow), and the count of ERROR lines. */
    Map<String, Long> logFindings() throws IOException {
        if (log == null || !Files.exists(log)) {
            return Map.of();
        }
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(l -> l.contains("OutOfMemoryError") || l.contains("StackOverflowError")
                    || l.contains(" ERROR ")).collect(Collectors.groupingBy(
                            l -> l.contains("OutOfMemoryError") ? "OutOfMemoryError"
                                    : l.contains("StackOverflowError") ? "StackOverflowError" : "ERROR lines",
                            Collectors.counting()));
        }
    }

    /** Records of the requests topic not yet committed by Fling's consumer group, per partition. */
    public static Map<TopicPartition, Long> lag(String bootstrap, String group, String topic) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            return ends(admin, topic).entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, end -> {
                OffsetAndMetadata offset = committed.get(end.getKey());
                return end.getValue() - (offset == null ? 0 : offset.offset());
            }));
        }
    }

    /** The offset the next record of each partition of the topic will take: what a reader must reach to have read all. */
    public static Map<TopicPartition, Long> ends(String bootstrap, String topic) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            return ends(admin, topic);
        }
    }

    private static Map<TopicPartition, Long> ends(Admin admin, String topic) throws Exception {
        List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
        var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
        return partitions.stream().collect(Collectors.toMap(p -> p, p -> ends.get(p).offset()));
    }

    private static Admin admin(String bootstrap) {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(properties);
    }

    private String get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
