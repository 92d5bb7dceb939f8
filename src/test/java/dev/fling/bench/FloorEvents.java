package dev.fling.bench;

import dev.fling.runtime.operator.model.FlinkDeployment;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.CloudEventSerializer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The second half of the hand-wired floor: what a user who wires the operator to a workflow engine
 * by hand adds to the plain floor to learn of a job's life (an Argo Events resource event source
 * and a Kafka trigger, say): one watch of the floor's FlinkDeployments and one event a transition
 * to Kafka, {@code accepted} when one is created, {@code started} when its job first runs,
 * {@code cancelled} when it is deleted; structured CloudEvents with the job's name and namespace,
 * sent as Fling sends its own (acks=all, idempotent, no linger). No validation, no policy, no
 * tracking state, no retries: less than any dispatcher that reports a job's life could do.
 */
final class FloorEvents implements AutoCloseable {

    private final KafkaProducer<String, CloudEvent> producer;
    private final String topic;
    private final SharedIndexInformer<FlinkDeployment> informer;

    FloorEvents(String bootstrapServers, String topic, KubernetesClient client, String namespace, String managedBy) {
        this.topic = topic;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.LINGER_MS_CONFIG, "0",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, CloudEventSerializer.class.getName(),
                CloudEventSerializer.ENCODING_CONFIG, Encoding.STRUCTURED.name(),
                CloudEventSerializer.EVENT_FORMAT_CONFIG, JsonFormat.CONTENT_TYPE));
        this.informer = client.resources(FlinkDeployment.class).inNamespace(namespace)
                .withLabel(FloorConsumer.LABEL, managedBy).inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(FlinkDeployment deployment) {
                        send("dev.fling.job.accepted", deployment);
                    }

                    @Override
                    public void onUpdate(FlinkDeployment before, FlinkDeployment after) {
                        if (!running(before) && running(after)) {
                            send("dev.fling.job.started", after);
                        }
                    }

                    @Override
                    public void onDelete(FlinkDeployment deployment, boolean finalStateUnknown) {
                        send("dev.fling.job.cancelled", deployment);
                    }
                }, 0);
    }

    private static boolean running(FlinkDeployment deployment) {
        return deployment.getStatus() != null && deployment.getStatus().jobStatus != null
                && "RUNNING".equals(deployment.getStatus().jobStatus.state);
    }

    private void send(String type, FlinkDeployment deployment) {
        String name = deployment.getMetadata().getName();
        String data = "{\"job\":\"" + name + "\",\"namespace\":\"" + deployment.getMetadata().getNamespace() + "\"}";
        producer.send(new ProducerRecord<>(topic, name, CloudEventBuilder.v1()
                .withId(UUID.randomUUID().toString())
                .withSource(URI.create("/floor"))
                .withType(type)
                .withSubject(name)
                .withTime(OffsetDateTime.now())
                .withData("application/json", data.getBytes(StandardCharsets.UTF_8))
                .build()));
    }

    @Override
    public void close() {
        informer.close();
        producer.close();
    }
}
