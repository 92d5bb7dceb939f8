package dev.fling.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fling.runtime.operator.model.FlinkDeployment;
import dev.fling.testing.EventLog;
import dev.fling.testing.FlingProcess;
import dev.fling.testing.KafkaBroker;
import dev.fling.testing.MockKubernetes;
import dev.fling.testing.RequestSender;
import dev.fling.testing.Requests;
import io.cloudevents.CloudEvent;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The broker refuses Fling's events for a while (the events topic takes no record as large as an
 * event). A launch's deployment is created, but the request is not acknowledged and nothing about
 * the job is reported, not even that it runs, until the broker takes its accepted event; then
 * each event goes out once, accepted first, and the request is committed.
 */
class BrokerRefusalIT {

    private static final String NAMESPACE = "refusal-it";
    private static final String EVENTS = "refusal.events";
    private static final TopicPartition REQUESTS = new TopicPartition("refusal.requests", 0);

    @Test
    void launchWhoseAcceptedEventIsRefusedIsReportedInOrderOnceTheBrokerTakesIt() throws Exception {
        KafkaBroker kafka = KafkaBroker.shared();
        MockKubernetes kubernetes = MockKubernetes.shared();
        kafka.createTopics(1, REQUESTS.topic(), EVENTS, "refusal.dlq");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
                EventLog events = new EventLog(kafka.bootstrapServers(), EVENTS);
                EventLog.Raw deadLetters = new EventLog.Raw(kafka.bootstrapServers(), "refusal.dlq");
                RequestSender requests = new RequestSender(kafka.bootstrapServers(), REQUESTS.topic());
                FlingProcess fling = FlingProcess.start("refusal",
                        FlingProcess.operatorEnvironment(kafka, kubernetes.url(), "refusal", NAMESPACE))) {
            fling.awaitReady();

            maxMessageBytes(admin, "64");
            CloudEvent launch = Requests.launch(Requests.launchData("name", "refused"));
            String job = Requests.jobName(launch, "refused");
            requests.sendBinary(launch);

            Awaitility.await("the job runs, as the operator reports it").atMost(Duration.ofSeconds(30))
                    .until(() -> "RUNNING".equals(jobState(kubernetes, job)));
            Awaitility.await("Fling says the broker refused the event and tries again").atMost(Duration.ofSeconds(30))
                    .until(() -> Files.readString(fling.log()).split("did not take its event", -1).length > 2);
            assertThat(events.forJob(job)).as("nothing reported while the broker refuses").isEmpty();
            assertThat(committed(admin)).as("the request is not committed").isNull();

            maxMessageBytes(admin, null);
            // The running job is reported once the accepted event is out, by the sweep's next try: the
            // operator writes nothing more, so no later status change would bring it.
            events.awaitWithin(job, "dev.fling.job.started", Duration.ofSeconds(15));
            assertThat(events.forJob(job)).extracting(CloudEvent::getId)
                    .containsExactly(NAMESPACE + "/" + job + "/accepted", NAMESPACE + "/" + job + "/started/1");
            Awaitility.await("the request is committed").atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(committed(admin)).isNotNull()
                            .extracting(OffsetAndMetadata::offset).isEqualTo(1L));
            assertThat(deadLetters.records()).as("a refused event is no reason to reject the request").isEmpty();
            assertThat(fling.isAlive()).isTrue();
        }
    }

    private static String jobState(MockKubernetes kubernetes, String job) {
        FlinkDeployment deployment = kubernetes.client().resources(FlinkDeployment.class).inNamespace(NAMESPACE)
                .withName(job).get();
        return deployment == null || deployment.getStatus() == null || deployment.getStatus().jobStatus == null
                ? null : deployment.getStatus().jobStatus.state;
    }

    /** Sets the events topic's largest record, or back to the broker's default when null. */
    private static void maxMessageBytes(Admin admin, String bytes) throws Exception {
        ConfigEntry entry = new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, bytes);
        AlterConfigOp op = new AlterConfigOp(entry, bytes == null ? AlterConfigOp.OpType.DELETE : AlterConfigOp.OpType.SET);
        admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, EVENTS), List.of(op)))
                .all().get();
    }

    private static OffsetAndMetadata committed(Admin admin) throws Exception {
        return admin.listConsumerGroupOffsets("refusal-it").partitionsToOffsetAndMetadata().get().get(REQUESTS);
    }
}
