package dev.fling.testing;

import java.time.Duration;

/**
 * What the demo and the benchmarks run Fling against, in one JVM of its own: a real Kafka broker
 * and the mock Kubernetes API with the testing operator, which finishes each job a few seconds
 * after it starts. Prints {@code BOOTSTRAP_SERVERS=...} and {@code KUBERNETES_URL=...}, then
 * runs until killed.
 */
public final class DemoEnvironment {

    private DemoEnvironment() {}

    public static void main(String[] args) throws InterruptedException {
        long finishAfterSeconds = args.length > 0 ? Long.parseLong(args[0]) : 3;
        KafkaBroker kafka = KafkaBroker.start();
        kafka.createTopics(2, "fling.requests", "fling.events", "fling.requests.dlq");
        MockKubernetes kubernetes = MockKubernetes.start(0);
        kubernetes.operator().finishJobsAfter(Duration.ofSeconds(finishAfterSeconds));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kubernetes.close();
            kafka.close();
        }));
        System.out.println("BOOTSTRAP_SERVERS=" + kafka.bootstrapServers());
        System.out.println("KUBERNETES_URL=" + kubernetes.url());
        System.out.flush();
        Thread.currentThread().join();
    }
}
