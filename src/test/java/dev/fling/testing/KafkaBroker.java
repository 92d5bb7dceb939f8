package dev.fling.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;

/**
 * A real single-node Kafka broker (KRaft, combined controller and broker) from Kafka's own jars.
 * One per test JVM; {@link #main} runs one on its own for the scripts.
 */
public final class KafkaBroker implements AutoCloseable {

    private static KafkaBroker shared;

    private final KafkaClusterTestKit cluster;

    private KafkaBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** The broker of this JVM, started on first use and stopped when the JVM ends. */
    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            keepTestJvmAlive();
            shared = start();
        }
        return shared;
    }

    /**
     * A broker that hits a fatal error (all its log directories failed, say, as its files are
     * deleted while it shuts down) halts the whole JVM with status 1. In the test JVM that ends the
     * run with "Error occurred in starting fork" after every test passed, and says nothing of why
     * (seen once). Kafka's own tests replace the procedure the same way; here it says what happened.
     */
    private static void keepTestJvmAlive() {
        Exit.Procedure report = (status, message) -> System.err.printf(
                "the test Kafka broker asked to end the JVM (status %d): %s%n", status, message);
        Exit.setHaltProcedure(report);
        Exit.setExitProcedure(report);
    }

    /** Stops the JVM's shared instance, if one was started (at the end of the test run). */
    public static synchronized void closeShared() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }

    public static KafkaBroker start() {
        try {
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new KafkaBroker(cluster);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the Kafka broker", e);
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /**
     * Stops the broker as an outage does: nothing answers on its port until {@link #startAgain()}.
     * Its controller and its log directory stay; what was written before is there after.
     */
    public void stop() {
        cluster.brokers().values().forEach(BrokerServer::shutdown);
    }

    /** Starts the stopped broker again, on the same port and log directory, and waits until it serves. */
    public void startAgain() {
        try {
            for (BrokerServer broker : cluster.brokers().values()) {
                broker.startup();
            }
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            throw new IllegalStateException("could not start the Kafka broker again", e);
        }
    }

    /** Creates the topics (if missing) with the given number of partitions. */
    public void createTopics(int partitions, String... names) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            for (String name : names) {
                try {
                    admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not create topics", e);
        }
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            // shutting down anyway
        }
    }

    /** Runs a broker until killed; prints {@code BOOTSTRAP_SERVERS=host:port} once it is ready. */
    public static void main(String[] args) throws InterruptedException {
        KafkaBroker broker = start();
        broker.createTopics(2, "fling.requests", "fling.events", "fling.requests.dlq");
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
        System.out.println("BOOTSTRAP_SERVERS=" + broker.bootstrapServers());
        System.out.flush();
        Thread.currentThread().join();
    }
}
