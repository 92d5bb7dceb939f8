package dev.fling.admission;

import dev.fling.events.RequestContext;
import dev.fling.events.payload.LaunchRequest;
import dev.fling.runtime.Autoscaling;
import dev.fling.runtime.JobDefinition;
import dev.fling.runtime.JobDefinition.ProcessResources;
import dev.fling.runtime.JobPolicy;
import dev.fling.runtime.JobRef;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Fills a launch request's gaps with the configured defaults and names the job. */
@ApplicationScoped
public class LaunchDefinitions {

    private final DefaultsConfig defaults;
    private final Clock clock;

    public LaunchDefinitions(DefaultsConfig defaults, Clock clock) {
        this.defaults = defaults;
        this.clock = clock;
    }

    public JobDefinition from(RequestContext request, LaunchRequest launch) {
        JobDefinition definition = withDefaults(request, launch);
        return launch.sql() == null && launch.sqlURI() == null ? definition
                : definition.withSql(new JobDefinition.SqlScript(launch.sql(), launch.sqlURI()));
    }

    private JobDefinition withDefaults(RequestContext request, LaunchRequest launch) {
        Instant now = clock.instant();
        String name = JobNames.of(launch.name(), request);
        var jm = Optional.ofNullable(launch.jobManager()).orElse(new LaunchRequest.Resources(null, null));
        var tm = Optional.ofNullable(launch.taskManager())
                .orElse(new LaunchRequest.TaskManagerResources(null, null, null));
        var retry = Optional.ofNullable(launch.retry()).orElse(new LaunchRequest.RetryPolicy(null, null));
        var restore = launch.restoreFrom();
        long deadlineSeconds = Objects.requireNonNullElse(launch.deadlineSeconds(), 0L);
        JobPolicy policy = new JobPolicy(
                deadlineSeconds > 0 ? now.plusSeconds(deadlineSeconds) : null,
                deadlineSeconds,
                Duration.ofSeconds(Objects.requireNonNullElse(launch.ttlSecondsAfterFinished(),
                        defaults.ttlSecondsAfterFinished())),
                Objects.requireNonNullElse(retry.maxAttempts(), 1),
                Duration.ofSeconds(Objects.requireNonNullElse(retry.backoffSeconds(), 10L)));
        Map<String, String> flinkConfiguration = AutoscaleKeys.merged(launch);
        policy = policy.withAutoscaling(Autoscaling.of(flinkConfiguration).orElse(null));
        return new JobDefinition(
                new JobRef(Objects.requireNonNullElse(launch.namespace(), defaults.namespace()), name),
                Objects.requireNonNullElse(launch.image(), defaults.image()),
                Objects.requireNonNullElse(launch.flinkVersion(), defaults.flinkVersion()),
                launch.jarURI(),
                launch.entryClass(),
                Objects.requireNonNullElse(launch.args(), List.of()),
                Objects.requireNonNullElse(launch.parallelism(), defaults.parallelism()),
                new ProcessResources(Objects.requireNonNullElse(jm.cpu(), defaults.jobManagerCpu()),
                        Objects.requireNonNullElse(jm.memory(), defaults.jobManagerMemory())),
                new ProcessResources(Objects.requireNonNullElse(tm.cpu(), defaults.taskManagerCpu()),
                        Objects.requireNonNullElse(tm.memory(), defaults.taskManagerMemory())),
                Objects.requireNonNullElse(tm.slots(), defaults.taskManagerSlots()),
                flinkConfiguration,
                restore == null ? null
                        : new JobDefinition.Restore(restore.savepointPath(),
                                Boolean.TRUE.equals(restore.allowNonRestoredState())),
                Objects.requireNonNullElse(launch.labels(), Map.of()),
                policy,
                request,
                now);
    }
}
