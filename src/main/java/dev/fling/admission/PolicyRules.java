package dev.fling.admission;

import dev.fling.tenants.TenantsConfig.PolicyOverrides;
import java.util.List;

/** The policy one tenant's launches are held to: {@code fling.policy.*}, with the tenant's own values over it. */
record PolicyRules(List<String> allowedNamespaces, List<String> allowedImagePrefixes, List<String> allowedJarSchemes,
        List<String> allowedJarHosts,
        List<String> forbiddenConfigurationKeys, int maxParallelism, double maxCpu, String maxMemory,
        long maxDeadlineSeconds, int maxPriority, List<String> allowedConnectors) {

    static PolicyRules of(PolicyConfig policy) {
        return new PolicyRules(policy.allowedNamespaces(), policy.allowedImagePrefixes(), policy.allowedJarSchemes(),
                policy.allowedJarHosts(),
                policy.forbiddenConfigurationKeys(), policy.maxParallelism(), policy.maxCpu(), policy.maxMemory(),
                policy.maxDeadlineSeconds(), policy.maxPriority(), policy.allowedConnectors());
    }

    /** These rules with a tenant's own values over them (none: these rules). */
    PolicyRules over(PolicyOverrides tenant) {
        if (tenant == null) {
            return this;
        }
        return new PolicyRules(tenant.allowedNamespaces().orElse(allowedNamespaces),
                tenant.allowedImagePrefixes().orElse(allowedImagePrefixes),
                tenant.allowedJarSchemes().orElse(allowedJarSchemes),
                tenant.allowedJarHosts().orElse(allowedJarHosts),
                tenant.forbiddenConfigurationKeys().orElse(forbiddenConfigurationKeys),
                tenant.maxParallelism().orElse(maxParallelism), tenant.maxCpu().orElse(maxCpu),
                tenant.maxMemory().orElse(maxMemory), tenant.maxDeadlineSeconds().orElse(maxDeadlineSeconds),
                tenant.maxPriority().orElse(maxPriority), tenant.allowedConnectors().orElse(allowedConnectors));
    }
}
