package dev.fling.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.events.RequestContext;
import dev.fling.runtime.JobDefinition;
import dev.fling.runtime.JobPolicy;
import dev.fling.runtime.JobRef;
import dev.fling.runtime.RuntimeUnavailableException;
import dev.fling.runtime.rest.FlinkRestClient;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands to a local cluster leave the registry knowing what they did, also when Flink does not answer. */
class ClusterCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    @TempDir
    Path work;

    @Test
    void aRescaleIsRecordedEvenWhenTheJobManagerDoesNotAnswerYet() throws Exception {
        // Seen in scripts/chaos --runtime local (ChaosSlowIT seed 578493): a rescale right after the
        // cluster started its TaskManager, the JobManager's REST API was not up, the registry was not
        // written, Fling was killed; the restarted Fling did not know that TaskManager and left it running.
        LocalRegistry registry = new LocalRegistry(work.resolve("registry"), JSON);
        LocalDefaults config = new LocalDefaults(work);
        ClusterLauncher launcher = new ClusterLauncher(config, FlinkDistribution.locate(config), null, null, null,
                work.resolve("sizing"));
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        URI nobody = URI.create("http://localhost:" + closed);
        ClusterCommands commands = new ClusterCommands(launcher, null, null, registry,
                job -> new FlinkRestClient(nobody, HttpClient.newHttpClient(), JSON));
        LocalJob job = LocalJob.queued(definition(), 0);
        job.cluster = new LocalJob.Cluster();
        job.cluster.directory = work.resolve("jobs").toString();
        job.cluster.flinkJobId = "0123456789abcdef0123456789abcdef";
        job.cluster.slotsPerTaskManager = 2; // parallelism 2 fits the TaskManager it has: no process started here
        job.cluster.taskManagerPids.add(4242L);
        job.moveTo(LocalJob.Status.RUNNING);

        assertThatThrownBy(() -> commands.rescale(job, 2, new RequestContext("rescale-1", "/tests",
                "dev.fling.job.rescale", Map.of()))).isInstanceOf(RuntimeUnavailableException.class);

        LocalJob recorded = registry.loadAll().get(0);
        assertThat(recorded.targetParallelism).isEqualTo(2);
        assertThat(recorded.rescaleRequest.id()).isEqualTo("rescale-1");
        assertThat(recorded.cluster.taskManagerPids).containsExactly(4242L);
    }

    private static JobDefinition definition() {
        return new JobDefinition(new JobRef("default", "etl-0123456789"), null, null, "file:///job.jar", null,
                List.of(), 1, null, null, 2, Map.of(), null, Map.of(),
                new JobPolicy(null, 0, Duration.ofHours(1), 1, Duration.ZERO),
                new RequestContext("launch-1", "/tests", "dev.fling.job.launch", Map.of()),
                Instant.parse("2026-12-02T12:00:00Z"));
    }
}
