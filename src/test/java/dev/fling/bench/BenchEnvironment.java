package dev.fling.bench;

import dev.fling.testing.KafkaBroker;
import dev.fling.testing.MockKubernetes;
import java.util.Map;

/**
 * What every operator-runtime benchmark runs against: a real Kafka broker with its topics, and the
 * mock API server with the testing operator, whose served clock times creates and status writes.
 * Interrupted or failed, a benchmark leaves no Fling (or browser) behind, and exits non-zero.
 */
record BenchEnvironment(KafkaBroker kafka, MockKubernetes kubernetes, ServedClock clock) {

    /** What a packaged Fling on the operator runtime needs to run against this environment. */
    Map<String, String> flingEnvironment() {
        return Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL", kubernetes.url(),
                // As in a pod, where the service account's token is used: with no credentials at
                // all, fabric8 reloads its whole configuration before every request.
                "QUARKUS_KUBERNETES_CLIENT_TOKEN", ApiCalls.FLING_TOKEN,
                "FLING_RUNTIME", "operator");
    }

    interface Body {
        void run(BenchEnvironment environment) throws Exception;
    }

    static void runAndExit(Body body, String... topics) throws Exception {
        KafkaBroker kafka = KafkaBroker.start();
        kafka.createTopics(1, topics);
        ServedClock clock = new ServedClock();
        MockKubernetes kubernetes = MockKubernetes.start(0, clock);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants()
                .forEach(ProcessHandle::destroyForcibly)));
        int status = 0;
        try {
            body.run(new BenchEnvironment(kafka, kubernetes, clock));
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            status = 1;
        } finally {
            kubernetes.close();
            kafka.close();
        }
        System.exit(status);
    }
}
