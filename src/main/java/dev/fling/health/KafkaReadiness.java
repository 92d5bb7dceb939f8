package dev.fling.health;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when the Kafka brokers answer; says which bootstrap servers could not be reached. */
@Readiness
@Singleton
public class KafkaReadiness extends BackgroundCheck {

    private final String bootstrapServers;
    private final Admin admin;

    public KafkaReadiness(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        super("kafka");
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        this.bootstrapServers = String.valueOf(config.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
        config.keySet().retainAll(AdminClientConfig.configNames());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        this.admin = Admin.create(config);
    }

    @Override
    Optional<String> probe() {
        try {
            int brokers = admin.describeCluster().nodes().get(4, TimeUnit.SECONDS).size();
            return brokers > 0 ? Optional.empty() : Optional.of("no broker in the cluster at " + bootstrapServers);
        } catch (ExecutionException | TimeoutException e) {
            return Optional.of("cannot reach Kafka at " + bootstrapServers + ": " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    @Override
    Map<String, String> data() {
        return Map.of("bootstrap.servers", bootstrapServers);
    }

    @Scheduled(every = "5s", delayed = "0s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        refresh();
    }

    @PreDestroy
    void close() {
        admin.close();
    }
}
