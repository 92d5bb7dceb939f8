package dev.fling.examples.temporal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.temporal.client.ActivityCompletionClient;
import io.temporal.client.ActivityCompletionException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows Fling's lifecycle events and completes each waiting activity when its job ends. Reads
 * every partition from the end, without a consumer group (each worker sees every event), and
 * heartbeats for the activities it holds so that Temporal notices a lost worker.
 */
public final class JobEndWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobEndWatcher.class);
    private static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(10);

    private final Map<String, byte[]> waiting = new ConcurrentHashMap<>();
    private final ObjectMapper mapper = new ObjectMapper();
    private final KafkaConsumer<String, CloudEvent> consumer;
    private final FlingClient fling;
    private final ActivityCompletionClient completions;
    private final Thread thread;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean running = true;

    private JobEndWatcher(KafkaConsumer<String, CloudEvent> consumer, FlingClient fling,
            ActivityCompletionClient completions) {
        this.consumer = consumer;
        this.fling = fling;
        this.completions = completions;
        this.thread = new Thread(this::follow, "fling-job-end-watcher");
    }

    /** Starts following {@code topic}; every event published after this returns is seen. */
    public static JobEndWatcher start(String bootstrapServers, String topic, FlingClient fling,
            ActivityCompletionClient completions) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, CloudEventDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, CloudEvent> consumer = new KafkaConsumer<>(config);
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // the seek is lazy: resolve it before anyone waits
        JobEndWatcher watcher = new JobEndWatcher(consumer, fling, completions);
        watcher.thread.start();
        return watcher;
    }

    /** Completes the activity of {@code taskToken} when {@code job} ends (at once if it has). */
    public void await(String job, byte[] taskToken) {
        waiting.put(job, taskToken);
        // The job may have ended before we waited (a retried activity, a very short job): ask once.
        fling.job(job).flatMap(JobEnding::fromJob).ifPresent(this::finish);
    }

    private void follow() {
        Instant nextHeartbeat = Instant.now().plus(HEARTBEAT_EVERY);
        try {
            while (running) {
                for (ConsumerRecord<String, CloudEvent> record : consumer.poll(Duration.ofMillis(500))) {
                    CloudEvent event = record.value();
                    if (event != null && waiting.containsKey(String.valueOf(event.getSubject()))) {
                        JobEnding.fromEvent(event.getType(), event.getSubject(), data(event)).ifPresent(this::finish);
                    }
                }
                if (Instant.now().isAfter(nextHeartbeat)) {
                    heartbeat();
                    nextHeartbeat = Instant.now().plus(HEARTBEAT_EVERY);
                }
            }
        } catch (RuntimeException e) {
            if (running) {
                LOG.error("stopped following Fling's events", e);
            }
        } finally {
            consumer.close();
            closed.countDown();
        }
    }

    private void finish(JobEnding ending) {
        byte[] token = waiting.remove(ending.job());
        if (token == null) {
            return; // the event and the status check both saw the end; the first one completed it
        }
        try {
            ending.complete(completions, token);
        } catch (ActivityCompletionException e) {
            LOG.warn("activity of job {} could not be completed: {}", ending.job(), e.getMessage());
        }
    }

    private void heartbeat() {
        waiting.forEach((job, token) -> {
            try {
                completions.heartbeat(token, job);
            } catch (ActivityCompletionException e) {
                // Timed out, cancelled or already retried elsewhere: whoever holds it now will wait.
                waiting.remove(job, token);
            }
        });
    }

    private JsonNode data(CloudEvent event) {
        try {
            return event.getData() == null ? null : mapper.readTree(event.getData().toBytes());
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        closed.await();
    }
}
