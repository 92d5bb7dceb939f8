package dev.fling.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.runtime.operator.model.FlinkDeployment;
import dev.fling.runtime.operator.model.FlinkDeploymentSpec;
import dev.fling.runtime.operator.model.JobSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The floor: a plain KafkaConsumer loop that creates one FlinkDeployment per record, with no
 * validation, no policy, no events and no tracking; offsets committed after each batch. The
 * least any dispatcher on this broker and API server could do per request.
 */
final class FloorConsumer implements AutoCloseable {

    static final String LABEL = "app.kubernetes.io/managed-by";
    static final String MANAGED_BY = "floor";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<String, byte[]> consumer;
    private final KubernetesClient client;
    private final String namespace;
    private final Thread thread;
    private volatile boolean running = true;

    FloorConsumer(String bootstrapServers, String topic, KubernetesClient client, String namespace) {
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "floor",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        this.client = client;
        this.namespace = namespace;
        consumer.subscribe(List.of(topic));
        thread = new Thread(this::loop, "floor-consumer");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try (consumer) {
            while (running) {
                var records = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<String, byte[]> record : records) {
                    client.resources(FlinkDeployment.class).inNamespace(namespace).resource(deployment(record))
                            .create();
                }
                if (!records.isEmpty()) {
                    consumer.commitAsync();
                }
            }
        }
    }

    /** The record's key as the name, its jar and entry class, everything else fixed. */
    private FlinkDeployment deployment(ConsumerRecord<String, byte[]> record) {
        JsonNode data = read(record.value());
        JobSpec job = new JobSpec();
        job.jarURI = data.path("jarURI").asText();
        job.entryClass = data.path("entryClass").asText();
        job.parallelism = 1;
        job.upgradeMode = JobSpec.SAVEPOINT;
        job.state = JobSpec.RUNNING;
        FlinkDeploymentSpec spec = new FlinkDeploymentSpec();
        spec.image = "flink:1.20";
        spec.flinkVersion = "v1_20";
        spec.serviceAccount = "flink";
        spec.mode = "native";
        spec.jobManager = process(1);
        spec.taskManager = process(null);
        spec.job = job;
        FlinkDeployment deployment = new FlinkDeployment();
        deployment.setMetadata(new ObjectMetaBuilder().withName(record.key()).withNamespace(namespace)
                .withLabels(Map.of(LABEL, MANAGED_BY)).build());
        deployment.setSpec(spec);
        return deployment;
    }

    private static FlinkDeploymentSpec.ProcessSpec process(Integer replicas) {
        FlinkDeploymentSpec.ProcessSpec process = new FlinkDeploymentSpec.ProcessSpec();
        process.resource = new FlinkDeploymentSpec.Resource();
        process.resource.cpu = 1.0;
        process.resource.memory = "1024m";
        process.replicas = replicas;
        return process;
    }

    private static JsonNode read(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
