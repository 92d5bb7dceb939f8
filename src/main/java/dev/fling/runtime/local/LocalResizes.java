package dev.fling.runtime.local;

import dev.fling.runtime.AutoscaledVertices;
import dev.fling.runtime.JobObservation;

/**
 * What the tracker sees of an autoscaled local job: the parallelism its autoscaler last applied
 * (the launch's until the first resize), never Flink's reading of the moment, so that a resize is
 * reported once, as the autoscaler's, when the autoscaler has seen it run, and never as a rescale
 * of unknown origin seen a poll earlier.
 */
final class LocalResizes {

    private LocalResizes() {}

    static boolean autoscaled(LocalJob job) {
        return job.definition.policy().autoscaling() != null;
    }

    /** The parallelism to report for a job Flink reads as running with {@code read}. */
    static int parallelism(LocalJob job, int read) {
        if (read == 0 || !autoscaled(job)) {
            return read;
        }
        AutoscaledVertices vertices = vertices(job);
        return vertices == null ? job.targetParallelism : vertices.highest();
    }

    /** The vertices the autoscaler last set, with what tells this resize from the others; null before the first. */
    static AutoscaledVertices vertices(LocalJob job) {
        AutoscalerRecord record = job.autoscaler;
        if (record == null || record.resizes == 0) {
            return null;
        }
        return new AutoscaledVertices(record.applied, job.attempt + "-" + record.resizes, record.reason);
    }

    /** The observation with the autoscaler's vertices, for a running autoscaled job. */
    static JobObservation withVertices(LocalJob job, JobObservation seen) {
        return seen.phase() == JobObservation.Phase.RUNNING && autoscaled(job) ? seen.withAutoscaled(vertices(job))
                : seen;
    }
}
