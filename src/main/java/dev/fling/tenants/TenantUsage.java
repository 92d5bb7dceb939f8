package dev.fling.tenants;

import java.util.List;

/** What one tenant (or all together) runs now and what of it waits, read from a {@link QueueView}. */
public record TenantUsage(long runningJobs, long parallelism, long memoryBytes, List<FairQueue.Waiting> waiting) {

    /** The usage of {@code tenant}, or of every tenant when null. */
    public static TenantUsage of(QueueView view, String tenant) {
        long jobs = 0;
        long parallelism = 0;
        long memory = 0;
        for (FairQueue.Entry entry : view.running()) {
            if (tenant == null || tenant.equals(entry.tenant())) {
                jobs++;
                parallelism += entry.parallelism();
                memory += entry.memoryBytes();
            }
        }
        List<FairQueue.Waiting> waiting = view.waiting().stream()
                .filter(w -> tenant == null || tenant.equals(w.entry().tenant())).toList();
        return new TenantUsage(jobs, parallelism, memory, waiting);
    }
}
