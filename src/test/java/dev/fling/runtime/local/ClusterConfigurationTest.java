package dev.fling.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.events.RequestContext;
import dev.fling.runtime.JobDefinition;
import dev.fling.runtime.JobPolicy;
import dev.fling.runtime.JobRef;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterConfigurationTest {

    @TempDir
    Path work;

    @Test
    void eachClusterCopiesJarsIntoItsOwnDirectorySoThatSameNamedJarsNeverMeet() {
        ClusterConfiguration configuration = configuration();
        LocalJob first = job("first", Map.of(), null);
        LocalJob second = job("second", Map.of(), null);

        String one = configuration.application(first, cluster(work.resolve("a"), 8081)).get("user.artifacts.base-dir");
        String two = configuration.application(second, cluster(work.resolve("b"), 8082)).get("user.artifacts.base-dir");

        assertThat(one).isEqualTo(work.resolve("a").resolve("artifacts").toString());
        assertThat(two).isEqualTo(work.resolve("b").resolve("artifacts").toString()).isNotEqualTo(one);
    }

    @Test
    void theJobsOwnSettingsStandWhereTheyMayButNeverOverThePortsTheClusterWasGiven() {
        LocalJob job = job("keyed", Map.of("execution.checkpointing.interval", "10 s", "rest.port", "9999"), null);

        Map<String, String> conf = configuration().application(job, cluster(work.resolve("c"), 8083));

        assertThat(conf).containsEntry("execution.checkpointing.interval", "10 s")
                .containsEntry("rest.port", "8083")
                .containsEntry("parallelism.default", "2")
                .containsEntry("jobmanager.scheduler", "adaptive");
    }

    @Test
    void everyClusterAnswersTheJobsStateFresherThanOnePollOfFling() {
        LocalDefaults config = new LocalDefaults(work);
        LocalJob job = job("fresh", Map.of("web.refresh-interval", "10 s"), null);

        for (Map<String, String> conf : List.of(configuration().application(job, cluster(work.resolve("f"), 8086)),
                configuration().session(cluster(work.resolve("g"), 8087)))) {
            Duration cached = Duration.ofMillis(Long.parseLong(conf.get("web.refresh-interval").replace(" ms", "")));
            assertThat(cached).isLessThan(config.pollInterval());
        }
    }

    @Test
    void onlyTheFirstAttemptRestoresFromTheSavepointTheLaunchNamed() {
        LocalJob job = job("restored", Map.of(), new JobDefinition.Restore("file:///sp/savepoint-1", true));

        assertThat(configuration().application(job, cluster(work.resolve("d"), 8084)))
                .containsEntry("execution.state-recovery.path", "file:///sp/savepoint-1")
                .containsEntry("execution.state-recovery.ignore-unclaimed-state", "true");
        job.attempt = 2;
        assertThat(configuration().application(job, cluster(work.resolve("e"), 8085)))
                .doesNotContainKey("execution.state-recovery.path");
    }

    @Test
    void aPooledClusterIsToldTheJobLevelSettingsItsApplicationClusterWouldHaveHad() {
        LocalJob job = job("warm", Map.of("pipeline.name", "mine"), null);

        Map<String, String> conf = configuration().jobLevel(job);

        assertThat(conf).containsEntry("pipeline.name", "mine")
                .containsEntry("execution.checkpointing.interval", "2000 ms")
                .containsEntry("execution.checkpointing.dir",
                        work.resolve("jobs").resolve("warm").resolve("attempt-1").resolve("checkpoints")
                                .toAbsolutePath().toUri().toString())
                .doesNotContainKey("rest.port");
        assertThat(conf.get("execution.checkpointing.savepoint-dir")).contains("savepoints/warm");
    }

    private ClusterConfiguration configuration() {
        return new ClusterConfiguration(new LocalDefaults(work),
                new SavepointStore(work.resolve("savepoints"), new ObjectMapper(), Optional.empty()),
                new JobDirectories(work.resolve("jobs"), true));
    }

    private static LocalJob.Cluster cluster(Path directory, int restPort) {
        LocalJob.Cluster cluster = new LocalJob.Cluster();
        cluster.directory = directory.toString();
        cluster.restPort = restPort;
        cluster.rpcPort = restPort + 1000;
        cluster.slotsPerTaskManager = 1;
        return cluster;
    }

    private static LocalJob job(String name, Map<String, String> flinkConfiguration, JobDefinition.Restore restore) {
        RequestContext request = new RequestContext("r-" + name, "/test", "dev.fling.job.launch", Map.of());
        JobDefinition definition = new JobDefinition(new JobRef("default", name), "flink:1.20", "v1_20",
                "file:///jars/job.jar", "dev.fling.Job", List.of(), 2,
                new JobDefinition.ProcessResources(1, "1024m"), new JobDefinition.ProcessResources(1, "1024m"),
                1, flinkConfiguration, restore, Map.of(),
                new JobPolicy(null, 0, Duration.ofHours(1), 1, Duration.ZERO), request, Instant.now());
        return LocalJob.queued(definition, 0);
    }
}
