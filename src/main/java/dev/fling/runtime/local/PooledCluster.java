package dev.fling.runtime.local;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One idle cluster of the warm pool, as its registry file keeps it: its processes and ports,
 * whether it is ready to take a job, since when it starts, and how far its warm-up got.
 */
@RegisterForReflection
public class PooledCluster {
    public String id;
    public LocalJob.Cluster cluster;
    /** Its TaskManager registered and its slots free: it can take a job. */
    public boolean ready;
    public long startedAtMillis;
    /** The Flink job id of its warm-up job, once sent ({@link PoolWarmUp}). */
    public String warmUpJobId;
    /** Its warm-up job ended: the cluster is ready once its slots are free again. */
    public boolean warmedUp;
}
