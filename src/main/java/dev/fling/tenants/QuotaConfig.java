package dev.fling.tenants;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** Limits over every tenant together; a launch over them waits in the queue like one over its tenant's. */
@ConfigMapping(prefix = "fling.quota")
public interface QuotaConfig {

    /** Most jobs running at once, all tenants together (the local runtime also caps it at max-clusters). */
    Optional<Integer> maxRunningJobs();

    /** Most parallelism summed over every running job. */
    Optional<Integer> maxTotalParallelism();

    /** Most memory (JobManager and TaskManagers) summed over every running job. */
    Optional<String> maxTotalMemory();
}
