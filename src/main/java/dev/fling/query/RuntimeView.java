package dev.fling.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.fling.runtime.JobDefinition;
import dev.fling.runtime.JobInsight;
import dev.fling.runtime.JobPolicy;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A job as its runtime holds it, beyond its record: what the dashboard's job page shows. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "JobRuntime", description = "A job as its runtime holds it: the launch after admission (every "
        + "default applied), its own Flink web UI while its cluster runs, the end of its JobManager's log")
public record RuntimeView(Launch launch, URI flinkUi, List<String> jobManagerLog) {

    /** The launch's data as admitted, in the names of the launch event's schema. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Launch(String image, String flinkVersion, String jarURI, String entryClass, List<String> args,
            int parallelism, JobDefinition.ProcessResources jobManager, TaskManager taskManager,
            Map<String, String> flinkConfiguration, JobDefinition.Restore restoreFrom, Map<String, String> labels,
            Long deadlineSeconds, long ttlSecondsAfterFinished, Retry retry, String sql, String sqlURI) {}

    public record TaskManager(double cpu, String memory, int slots) {}

    public record Retry(int maxAttempts, long backoffSeconds) {}

    static RuntimeView of(JobInsight insight) {
        JobDefinition definition = insight.launch();
        return new RuntimeView(definition == null ? null : launch(definition), insight.flinkUi(),
                insight.jobManagerLog());
    }

    private static Launch launch(JobDefinition d) {
        JobPolicy policy = d.policy();
        return new Launch(d.image(), d.flinkVersion(), d.jarURI(), d.entryClass(),
                d.sql() == null ? d.args() : null, d.parallelism(),
                d.jobManager(), d.taskManager() == null ? null
                        : new TaskManager(d.taskManager().cpu(), d.taskManager().memory(), d.taskSlots()),
                d.flinkConfiguration(), d.restore() == null || d.restore().savepointPath() == null ? null : d.restore(),
                d.labels(),
                policy.deadline() == null ? null : policy.deadlineSeconds(), policy.ttlAfterFinished().toSeconds(),
                new Retry(policy.maxAttempts(), policy.retryBackoff().toSeconds()),
                d.sql() == null ? null : d.sql().text(), d.sql() == null ? null : d.sql().uri());
    }
}
