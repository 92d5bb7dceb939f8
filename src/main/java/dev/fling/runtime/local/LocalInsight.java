package dev.fling.runtime.local;

import dev.fling.runtime.JobDefinition;
import dev.fling.runtime.JobInsight;
import java.net.URI;
import java.util.List;

/** A local job as the dashboard's job page shows it: its launch, its Flink web UI, its JobManager's log. */
final class LocalInsight {

    private LocalInsight() {}

    static JobInsight of(LocalJob job, int logLines) {
        JobDefinition definition;
        LocalJob.Cluster cluster;
        boolean running;
        synchronized (job) {
            definition = job.definition;
            cluster = job.cluster;
            running = job.status == LocalJob.Status.RUNNING;
        }
        // The JobManager serves Flink's web UI on its REST port, on this machine.
        URI flinkUi = running && cluster != null ? URI.create("http://localhost:" + cluster.restPort + "/") : null;
        List<String> log = cluster == null ? List.of() : JobManagerLog.lastLines(cluster, logLines);
        return new JobInsight(definition, flinkUi, log);
    }
}
