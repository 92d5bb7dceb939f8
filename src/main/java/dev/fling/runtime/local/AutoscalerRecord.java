package dev.fling.runtime.local;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.HashMap;
import java.util.Map;

/**
 * What the local autoscaler did to a job's attempt, kept in the job's registry file so that a
 * restarted Fling reports each resize once, under the same number, and keeps counting the
 * stabilization from the last one. Guarded by the job's monitor.
 */
@RegisterForReflection
public class AutoscalerRecord {

    /** Resizes applied to the attempt so far; the n-th is announced as {@code autoscaler-<attempt>-<n>}. */
    public int resizes;
    /** Each vertex's parallelism after the last resize applied (empty before the first). */
    public Map<String, Integer> applied = new HashMap<>();
    /** Why the last resize applied was made. */
    public String reason;
    /** When the last resize was seen running (epoch milliseconds); its stabilization counts from there. */
    public long appliedAtMillis;
    /** A resize asked of Flink that does not run yet (null when none). */
    public Map<String, Integer> pending;
    public String pendingReason;
    /** When it was asked for (epoch milliseconds). */
    public long pendingSinceMillis;
}
