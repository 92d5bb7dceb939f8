package dev.fling.events.payload;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;

/** Data of {@code dev.fling.job.launch}; mirrors events-schema/dev.fling.job.launch.json. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record LaunchRequest(
        String name,
        String namespace,
        String image,
        String flinkVersion,
        String jarURI,
        String entryClass,
        List<String> args,
        Integer parallelism,
        Resources jobManager,
        TaskManagerResources taskManager,
        Map<String, String> flinkConfiguration,
        RestoreFrom restoreFrom,
        Long deadlineSeconds,
        Long ttlSecondsAfterFinished,
        RetryPolicy retry,
        Map<String, String> labels,
        Integer priority,
        String sql,
        String sqlURI,
        Autoscale autoscale) {

    /**
     * The autoscaler's settings in Fling's words; each maps to one of the autoscaler's own keys
     * ({@code job.autoscaler.*}, see {@code dev.fling.admission.AutoscaleKeys}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Autoscale(Boolean enabled, Integer minParallelism, Integer maxParallelism, Double targetUtilization,
            Long metricsWindowSeconds, Long stabilizationSeconds, Long scaleDownDelaySeconds) {}

    /** CPU and memory of the JobManager. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Resources(Double cpu, String memory) {}

    /** CPU, memory and slots of each TaskManager. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TaskManagerResources(Double cpu, String memory, Integer slots) {}

    /** The savepoint a job starts from. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RestoreFrom(String savepointPath, Boolean allowNonRestoredState) {}

    /** How often a failed job is tried again, and how long to wait in between. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RetryPolicy(Integer maxAttempts, Long backoffSeconds) {}
}
