package dev.fling.bench;

import dev.fling.testing.KafkaBroker;
import dev.fling.testing.MockKubernetes;

/**
 * What every operator-runtime benchmark runs against: a real Kafka broker with its topics, and the
 * mock API server with the testing operator, whose served clock times creates and status writes.
 * Interrupted or failed, a benchmark leaves no Fling (or browser) behind, and exits non-zero.
 */
record BenchEnvironment(KafkaBroker kafka, MockKubernetes kubernetes, ServedClock clock) {

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
