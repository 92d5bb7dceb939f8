package dev.fling.it;

import dev.fling.testing.EventLog;
import dev.fling.testing.FlingProcess;
import dev.fling.testing.KafkaBroker;
import dev.fling.testing.MockKubernetes;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Tests that run the packaged build in processes of its own against the shared broker and mock API
 * server, on topics {@code <prefix>.requests}, {@code .events} and {@code .dlq} and in namespace
 * {@code <prefix>-it}, reading the events topic from its start.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AgainstPackagedFling {

    final KafkaBroker kafka = KafkaBroker.shared();
    final MockKubernetes kubernetes = MockKubernetes.shared();
    final String namespace = prefix() + "-it";
    EventLog events;

    /** What this test's topics, consumer group and namespace are named after. */
    abstract String prefix();

    @BeforeAll
    void connect() {
        kafka.createTopics(2, prefix() + ".requests", prefix() + ".events", prefix() + ".dlq");
        events = new EventLog(kafka.bootstrapServers(), prefix() + ".events");
    }

    @AfterAll
    void disconnect() throws InterruptedException {
        events.close();
    }

    /**
     * The environment of a packaged Fling on the operator runtime for this test, with a short Kafka
     * session so that partitions move quickly when an instance dies; a map to add to.
     */
    Map<String, String> environment() {
        Map<String, String> environment = FlingProcess.operatorEnvironment(kafka, kubernetes.url(), prefix(), namespace);
        environment.put("FLING_KAFKA_SESSION_TIMEOUT_MS", "6000");
        return environment;
    }
}
