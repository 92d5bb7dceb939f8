package dev.fling.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fling.fuzz.FlingProbe;
import dev.fling.runtime.operator.model.FlinkDeployment;
import dev.fling.testing.FlingProcess;
import dev.fling.testing.RequestSender;
import dev.fling.testing.Requests;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the packaged build with a leader: the queue lives on the FlinkDeployments, so
 * when the leader dies the new one lets the waiting jobs in, in the same order, each once.
 */
class TenantHandOverIT extends AgainstPackagedFling {

    @Override
    String prefix() {
        return "queue-ha";
    }

    private Map<String, String> instance(String identity) {
        Map<String, String> environment = environment();
        environment.putAll(Map.of(
                "FLING_HA_ENABLED", "true",
                "FLING_HA_NAMESPACE", namespace,
                "FLING_HA_IDENTITY", identity,
                "FLING_HA_LEASE_DURATION", "4s",
                "FLING_HA_RENEW_DEADLINE", "3s",
                "FLING_HA_RETRY_PERIOD", "500ms",
                "FLING_TENANTS_TEAM_SOURCES", "/team/*",
                "FLING_TENANTS_TEAM_MAX_RUNNING_JOBS", "1"));
        return environment;
    }

    @Test
    void aNewLeaderKeepsTheQueueAndItsOrder() throws Exception {
        FlingProcess a = FlingProcess.start("queue-ha-a", instance("queue-ha-a"));
        FlingProcess b = null;
        try (RequestSender requests = new RequestSender(kafka.bootstrapServers(), prefix() + ".requests")) {
            a.awaitReady();
            awaitLeader("queue-ha-a");
            b = FlingProcess.start("queue-ha-b", instance("queue-ha-b"));
            b.awaitReady();
            // Ready is not yet in the consumer group: a rebalance after the first launch would hand its
            // uncommitted request to b, which accepts it again under the same id (at least once,
            // README), a repeat that has nothing to do with the hand-over under test.
            awaitGroupSettled(2);
            String running = launch(requests, "running");
            events.await(running, "dev.fling.job.started");
            String first = launch(requests, "first");
            String second = launch(requests, "second");
            events.await(first, "dev.fling.job.pending");
            events.await(second, "dev.fling.job.pending");
            // An event goes out before its state is recorded beside the job: killed in between, the
            // next leader would send the pending again under the same id (at least once). The
            // guarantee under test is that what was recorded is not repeated.
            awaitPendingRecorded(first);
            awaitPendingRecorded(second);
            // Likewise a request whose offset a had not committed yet would be delivered to b again.
            Awaitility.await("every request's offset is committed").atMost(Duration.ofSeconds(30))
                    .until(() -> FlingProbe.lag(kafka.bootstrapServers(), namespace, prefix() + ".requests").values()
                            .stream().allMatch(lag -> lag == 0));

            a.kill();
            kubernetes.operator().finish(namespace, running);
            awaitLeader("queue-ha-b");
            events.await(first, "dev.fling.job.started");
            assertThat(events.types(second)).doesNotContain("dev.fling.job.started");
            kubernetes.operator().finish(namespace, first);
            events.await(second, "dev.fling.job.started");
            kubernetes.operator().finish(namespace, second);
            events.await(second, "dev.fling.job.succeeded");

            for (String job : List.of(first, second)) {
                assertThat(kubernetes.client().resources(FlinkDeployment.class).inNamespace(namespace)
                        .withLabel("fling.dev/job", job).list().getItems()).as(job).hasSize(1);
                assertThat(events.forJob(job).stream().map(CloudEvent::getId).toList()).as(job).containsExactly(
                        namespace + "/" + job + "/accepted", namespace + "/" + job + "/pending",
                        namespace + "/" + job + "/started/1", namespace + "/" + job + "/succeeded");
            }
            Map<String, Long> counts = events.records().stream()
                    .collect(Collectors.groupingBy(r -> r.value().getId(), Collectors.counting()));
            assertThat(counts.values()).as("every event once, across the hand-over").containsOnly(1L);
        } finally {
            a.kill();
            if (b != null) {
                b.close();
            }
        }
    }

    private String launch(RequestSender requests, String name) {
        CloudEvent launch = CloudEventBuilder.v1(Requests.launch(Requests.launchData("name", name)))
                .withSource(URI.create("/team/etl")).build();
        requests.sendBinary(launch);
        String job = Requests.jobName(launch, name);
        events.await(job, "dev.fling.job.accepted");
        return job;
    }

    private void awaitPendingRecorded(String job) {
        Awaitility.await("the pending of " + job + " is recorded").atMost(Duration.ofSeconds(10))
                .until(() -> kubernetes.client().resources(FlinkDeployment.class).inNamespace(namespace).withName(job)
                        .get().getMetadata().getAnnotations().getOrDefault("fling.dev/tracking", "").contains("PENDING"));
    }

    /** Until the consumer group is stable with this many members, each with its partitions. */
    private void awaitGroupSettled(int members) {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(properties)) {
            Awaitility.await("both instances hold their partitions").atMost(Duration.ofSeconds(30)).until(() -> {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(namespace)).all()
                        .get(10, TimeUnit.SECONDS).get(namespace);
                return group.groupState() == GroupState.STABLE && group.members().size() == members
                        && group.members().stream().noneMatch(m -> m.assignment().topicPartitions().isEmpty());
            });
        }
    }

    private void awaitLeader(String identity) {
        Awaitility.await(identity + " holds the lease").atMost(Duration.ofSeconds(30)).until(() -> {
            Lease lease = kubernetes.client().resources(Lease.class).inNamespace(namespace).withName("fling-leader").get();
            return lease != null && identity.equals(lease.getSpec().getHolderIdentity());
        });
    }
}
