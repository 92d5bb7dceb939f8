package dev.fling.runtime;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.net.URI;
import java.util.List;

/**
 * What a person looking at one job may want beyond its record (the dashboard's job page): the
 * launch as the runtime keeps it, the job's own Flink web UI while its cluster runs, and the end of
 * its JobManager's log. A part the runtime cannot tell is null (or empty).
 */
@RegisterForReflection
public record JobInsight(JobDefinition launch, URI flinkUi, List<String> jobManagerLog) {

    public JobInsight {
        jobManagerLog = jobManagerLog == null ? List.of() : List.copyOf(jobManagerLog);
    }
}
