package dev.fling.testing;

import java.time.Duration;

/**
 * What the demo and the benchmarks run Fling against, in one JVM of its own: a real Kafka broker
 * and, for the operator runtime, the mock Kubernetes API with the testing operator, which
 * finishes each job a few seconds after it starts. Prints {@code BOOTSTRAP_SERVERS=...} (and
 * {@code KUBERNETES_URL=...}), then runs until killed. Arguments: {@code local} or
 * {@code operator [seconds a job runs]}.
 */
public final class DemoEnvironment {

    private DemoEnvironment() {}

    public static void main(String[] args) throws InterruptedException {
        boolean operator = args.length > 0 && "operator".equals(args[0]);
        KafkaBroker kafka = KafkaBroker.start();
        kafka.createTopics(2, "fling.requests", "fling.events", "fling.requests.dlq");
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
        System.out.println("BOOTSTRAP_SERVERS=" + kafka.bootstrapServers());
        if (operator) {
            MockKubernetes kubernetes = MockKubernetes.start(0);
            kubernetes.operator().finishJobsAfter(Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 3));
            Runtime.getRuntime().addShutdownHook(new Thread(kubernetes::close));
            System.out.println("KUBERNETES_URL=" + kubernetes.url());
        }
        System.out.flush();
        Thread.currentThread().join();
    }
}
