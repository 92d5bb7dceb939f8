package dev.fling.runtime.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fling.events.RequestContext;
import dev.fling.runtime.JobDefinition;
import dev.fling.runtime.JobDefinition.ProcessResources;
import dev.fling.runtime.JobPolicy;
import dev.fling.runtime.JobRef;
import dev.fling.runtime.QueueTicket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionFitTest {

    static final PoolShape SHAPE = new PoolShape("analytics", "flink:1.20", "v1_20", new ProcessResources(1, "1024m"),
            new ProcessResources(1, "1024m"), 1);

    @Test
    void aLaunchOfThePoolsShapeWithAnHttpJarFits() {
        assertThat(SessionFit.whyNot(job("https://jars.example.org/etl.jar", Map.of()), SHAPE)).isEmpty();
        assertThat(SessionFit.whyNot(job("s3://jars/etl.jar", Map.of("pipeline.name", "etl",
                "execution.checkpointing.interval", "10s")), SHAPE)).isEmpty();
    }

    @Test
    void aJarInsideTheImageGoesColdTheOperatorCannotFetchIt() {
        assertThat(SessionFit.whyNot(job("local:///opt/flink/usrlib/etl.jar", Map.of()), SHAPE))
                .hasValueSatisfying(why -> assertThat(why).contains("local://").contains("cannot fetch"));
        assertThat(SessionFit.whyNot(job("/opt/flink/usrlib/etl.jar", Map.of()), SHAPE))
                .hasValueSatisfying(why -> assertThat(why).contains("a path"));
    }

    @Test
    void clusterLevelConfigurationGoesCold() {
        assertThat(SessionFit.whyNot(job("https://jars.example.org/etl.jar",
                Map.of("taskmanager.memory.process.size", "2g", "pipeline.name", "x")), SHAPE))
                .hasValue("its configuration sets taskmanager.memory.process.size, which needs a cluster of its own");
    }

    @Test
    void anotherNamespaceImageVersionOrResourcesGoCold() {
        JobDefinition fits = job("https://jars.example.org/etl.jar", Map.of());
        assertThat(SessionFit.whyNot(fits, new PoolShape("other", "flink:1.20", "v1_20", SHAPE.jobManager(),
                SHAPE.taskManager(), 1))).hasValueSatisfying(why -> assertThat(why).contains("namespace analytics"));
        assertThat(SessionFit.whyNot(fits, new PoolShape("analytics", "flink:2.0", "v2_0", SHAPE.jobManager(),
                SHAPE.taskManager(), 1))).hasValueSatisfying(why -> assertThat(why).contains("flink:2.0"));
        assertThat(SessionFit.whyNot(fits, new PoolShape("analytics", "flink:1.20", "v1_20", SHAPE.jobManager(),
                new ProcessResources(2, "4Gi"), 1))).hasValueSatisfying(why -> assertThat(why).contains("slots differ"));
        assertThat(SessionFit.whyNot(fits, new PoolShape("analytics", "flink:1.20", "v1_20", SHAPE.jobManager(),
                SHAPE.taskManager(), 4))).hasValueSatisfying(why -> assertThat(why).contains("slots differ"));
    }

    @Test
    void aSqlScriptOrALaunchWaitingInTheQueueGoesCold() {
        JobDefinition http = job("https://jars.example.org/etl.jar", Map.of());
        assertThat(SessionFit.whyNot(http.withSql(new JobDefinition.SqlScript("SELECT 1;", null)), SHAPE))
                .hasValueSatisfying(why -> assertThat(why).contains("SQL"));
        assertThat(SessionFit.whyNot(http.withQueue(new QueueTicket("t", 0, 1, 0, QueueTicket.Standing.WAITING)), SHAPE))
                .hasValue("it waits in the queue");
        assertThat(SessionFit.whyNot(http.withQueue(new QueueTicket("t", 0, 1, 0, QueueTicket.Standing.ADMITTED)), SHAPE))
                .isEmpty();
    }

    static JobDefinition job(String jarURI, Map<String, String> configuration) {
        return new JobDefinition(new JobRef("analytics", "etl-0123456789"), "flink:1.20", "v1_20", jarURI,
                "com.example.Etl", List.of("--day", "2026-12-03"), 2, new ProcessResources(1, "1024m"),
                new ProcessResources(1, "1024m"), 1, configuration, null, Map.of("team", "data"),
                new JobPolicy(null, 0, Duration.ofMinutes(10), 2, Duration.ofSeconds(5)),
                new RequestContext("req-1", "/batch/scheduler", "dev.fling.job.launch", Map.of()),
                Instant.parse("2026-12-03T09:00:00Z"));
    }
}
