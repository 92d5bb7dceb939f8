package dev.fling.tenants;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Teams sharing one Fling: each tenant is a group of CloudEvents sources with its own policy
 * (any {@code fling.policy.*} key, overridden) and limits. A source in no tenant belongs to the
 * tenant {@code default} (which may set limits and policy but no sources), or is refused.
 */
@ConfigMapping(prefix = "fling.tenants")
public interface TenantsConfig {

    /** What a launch from a source in no tenant gets: the default tenant, or a rejection. */
    @WithDefault("default")
    UnknownSources unknownSources();

    /** The tenants by name ({@code fling.tenants.<name>.*}). */
    @WithParentName
    Map<String, Tenant> tenants();

    /** One tenant's sources, who may speak for it, its share, its limits and its policy. */
    interface Tenant {

        /** CloudEvents sources of this tenant: exact values, or prefixes ending in '*'. */
        Optional<List<String>> sources();

        /**
         * Authenticated HTTP subjects that may send in this tenant's name (a trailing '*' matches
         * any rest); unset: any caller let in. Kafka requests carry no subject.
         */
        Optional<List<String>> allowedSubjects();

        /** Share of the capacity this tenant gets when tenants compete, relative to the others. */
        @WithDefault("1")
        int weight();

        /** Most jobs of this tenant running at once. */
        Optional<Integer> maxRunningJobs();

        /** Most parallelism summed over this tenant's running jobs. */
        Optional<Integer> maxTotalParallelism();

        /** Most memory (JobManager and TaskManagers) summed over this tenant's running jobs. */
        Optional<String> maxTotalMemory();

        /** This tenant's own values of {@code fling.policy.*}; what it leaves out comes from there. */
        PolicyOverrides policy();
    }

    /** The keys of {@code fling.policy.*} a tenant may set for itself. */
    interface PolicyOverrides {
        Optional<List<String>> allowedNamespaces();

        Optional<List<String>> allowedImagePrefixes();

        Optional<List<String>> allowedJarSchemes();

        Optional<List<String>> allowedJarHosts();

        Optional<List<String>> forbiddenConfigurationKeys();

        Optional<Integer> maxParallelism();

        Optional<Double> maxCpu();

        Optional<String> maxMemory();

        Optional<Long> maxDeadlineSeconds();

        Optional<Integer> maxPriority();

        Optional<List<String>> allowedConnectors();
    }

    /** What becomes of a launch whose source is in no tenant. */
    enum UnknownSources {
        /** It belongs to the tenant {@code default}. */
        DEFAULT,
        /** It is rejected as POLICY_VIOLATION. */
        REJECT
    }
}
