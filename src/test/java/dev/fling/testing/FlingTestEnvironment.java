package dev.fling.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * The real parts every Fling test runs against: a Kafka broker and the mock Kubernetes API with
 * its testing operator, one of each per test JVM.
 */
public class FlingTestEnvironment implements QuarkusTestResourceLifecycleManager {

    public static final String NAMESPACE = "default";
    public static final String OTHER_NAMESPACE = "team-a";

    public static KafkaBroker kafka() {
        return KafkaBroker.shared();
    }

    public static MockKubernetes kubernetes() {
        return MockKubernetes.shared();
    }

    @Override
    public Map<String, String> start() {
        kafka().createTopics(2, "fling.requests", "fling.events", "fling.requests.dlq");
        return Map.of(
                "kafka.bootstrap.servers", kafka().bootstrapServers(),
                "quarkus.kubernetes-client.api-server-url", kubernetes().url(),
                "quarkus.kubernetes-client.namespace", NAMESPACE,
                "quarkus.kubernetes-client.trust-certs", "true",
                "fling.policy.allowed-namespaces", NAMESPACE + "," + OTHER_NAMESPACE);
    }

    @Override
    public void stop() {
        // shared for the whole JVM; stopped by shutdown hooks
    }
}
