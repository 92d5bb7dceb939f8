package dev.fling.runtime.local;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One idle cluster of the warm pool, as its registry file keeps it: its processes and ports,
 * whether it is ready to take a job, and since when it starts.
 */
@RegisterForReflection
public class PooledCluster {
    public String id;
    public LocalJob.Cluster cluster;
    /** Its TaskManager registered and its slots free: it can take a job. */
    public boolean ready;
    public long startedAtMillis;
}
