package dev.fling.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fling.events.RequestContext;
import dev.fling.runtime.JobDefinition;
import dev.fling.runtime.JobPolicy;
import dev.fling.runtime.JobRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WarmFitTest {

    @Test
    void aJobWithThePoolsSlotsAndNoConfigurationFits() {
        assertThat(WarmFit.whyNot(job(1, Map.of()), 1)).isEmpty();
    }

    @Test
    void perJobConfigurationFits() {
        assertThat(WarmFit.whyNot(job(1, Map.of("execution.checkpointing.interval", "5 s",
                "pipeline.max-parallelism", "128", "restart-strategy.type", "none")), 1)).isEmpty();
    }

    @Test
    void otherSlotsPerTaskManagerNeedAClusterOfTheirOwn() {
        assertThat(WarmFit.whyNot(job(2, Map.of()), 1)).hasValue("it asks for 2 slots per TaskManager, the pool has 1");
    }

    @Test
    void processConfigurationNeedsAClusterOfItsOwn() {
        assertThat(WarmFit.whyNot(job(1, Map.of("pipeline.name", "x", "taskmanager.memory.network.fraction", "0.2")), 1))
                .hasValue("its configuration sets taskmanager.memory.network.fraction, which needs a cluster of its own");
    }

    @Test
    void aSqlScriptRunsOnAClusterOfItsOwn() {
        JobDefinition sql = job(1, Map.of()).withSql(new JobDefinition.SqlScript("INSERT INTO t SELECT 1;", null));
        assertThat(WarmFit.whyNot(sql, 1)).hasValue(
                "it is a SQL script, which the SQL runner runs on an application cluster of its own");
    }

    private static JobDefinition job(int slots, Map<String, String> configuration) {
        return new JobDefinition(new JobRef("default", "etl-0123456789"), null, null, "file:///job.jar", null,
                List.of(), 1, null, null, slots, configuration, null, Map.of(),
                new JobPolicy(null, 0, Duration.ofHours(1), 1, Duration.ZERO),
                new RequestContext("launch-1", "/tests", "dev.fling.job.launch", Map.of()),
                Instant.parse("2026-12-02T12:00:00Z"));
    }
}
