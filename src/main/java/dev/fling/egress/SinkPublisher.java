package dev.fling.egress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.http.HttpMessageFactory;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Also sends lifecycle events to an HTTP sink when one is configured ({@code K_SINK}, as a Knative
 * SinkBinding injects it), in binary mode with {@code K_CE_OVERRIDES} applied. The Kafka copy never
 * waits for it: events queue (boundedly) and a worker delivers them with retries and backoff; what
 * cannot be delivered, or does not fit the queue, is dropped, logged and counted.
 */
@ApplicationScoped
public class SinkPublisher {

    private static final Logger LOG = Logger.getLogger(SinkPublisher.class);

    private final Optional<URI> sink;
    private final SinkConfig config;
    private final Map<String, String> overrides;
    private final MeterRegistry meters;
    private final BlockingQueue<CloudEvent> queue;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Thread worker;

    public SinkPublisher(SinkConfig config, ObjectMapper mapper, MeterRegistry meters) {
        this.config = config;
        this.sink = this.config.url().filter(url -> !url.isBlank()).map(URI::create);
        this.overrides = overrides(this.config.ceOverrides(), mapper);
        this.meters = meters;
        this.queue = new ArrayBlockingQueue<>(this.config.queueSize());
        this.worker = new Thread(this::deliverForever, "fling-sink");
        this.worker.setDaemon(true);
        if (sink.isPresent()) {
            LOG.infof("lifecycle events also go to the sink %s", sink.get());
            worker.start();
        }
    }

    /** Queues the event for the sink, if there is one; never blocks. */
    public void offer(CloudEvent event) {
        if (sink.isPresent() && !queue.offer(event)) {
            meters.counter("fling.sink.dropped", "why", "queue-full").increment();
            LOG.warnf("sink queue full (%d events): dropped %s", config.queueSize(), event.getId());
        }
    }

    private void deliverForever() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                deliver(withOverrides(queue.take()));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void deliver(CloudEvent event) throws InterruptedException {
        Duration backoff = config.initialBackoff();
        for (int attempt = 1; ; attempt++) {
            String problem;
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(sink.get()).timeout(Duration.ofSeconds(10));
                HttpMessageFactory.createWriter(request::header,
                        body -> request.POST(HttpRequest.BodyPublishers.ofByteArray(body == null ? new byte[0] : body)))
                        .writeBinary(event);
                int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 == 2) {
                    meters.counter("fling.sink.delivered").increment();
                    return;
                }
                problem = "answered " + status;
            } catch (IOException e) {
                problem = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            if (attempt >= config.maxAttempts()) {
                meters.counter("fling.sink.dropped", "why", "undeliverable").increment();
                LOG.warnf("sink %s: giving up on %s after %d attempts (%s); it is on Kafka", sink.get(), event.getId(),
                        attempt, problem);
                return;
            }
            TimeUnit.MILLISECONDS.sleep(backoff.toMillis());
            backoff = backoff.multipliedBy(2);
        }
    }

    private CloudEvent withOverrides(CloudEvent event) {
        if (overrides.isEmpty()) {
            return event;
        }
        CloudEventBuilder builder = CloudEventBuilder.from(event);
        overrides.forEach(builder::withExtension);
        return builder.build();
    }

    /** {@code K_CE_OVERRIDES} is {"extensions": {"name": "value", ...}}. */
    private static Map<String, String> overrides(Optional<String> json, ObjectMapper mapper) {
        if (json.isEmpty() || json.get().isBlank()) {
            return Map.of();
        }
        try {
            JsonNode extensions = mapper.readTree(json.get()).path("extensions");
            Map<String, String> values = new java.util.LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = extensions.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                values.put(field.getKey(), field.getValue().asText());
            }
            return values;
        } catch (IOException e) {
            throw new IllegalArgumentException("K_CE_OVERRIDES is not JSON: " + e.getMessage(), e);
        }
    }

    @PreDestroy
    void stop() {
        worker.interrupt();
    }
}
