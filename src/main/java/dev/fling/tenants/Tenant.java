package dev.fling.tenants;

import java.util.List;

/**
 * One tenant as configured, checked: its name, its sources, who may speak for it (empty: anyone
 * let in), its weight when tenants compete, its limits and its own policy values.
 */
public record Tenant(String name, List<String> sources, List<String> allowedSubjects, int weight, Limits limits,
        TenantsConfig.PolicyOverrides policy) {

    /** The tenant of sources in no tenant, when none named {@code default} is configured. */
    public static final String DEFAULT = "default";

    public Tenant {
        sources = List.copyOf(sources);
        allowedSubjects = List.copyOf(allowedSubjects);
    }

    /** Whether this authenticated subject may send in this tenant's name. */
    public boolean allows(String subject) {
        return allowedSubjects.isEmpty() || allowedSubjects.stream().anyMatch(pattern -> pattern.endsWith("*")
                ? subject.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(subject));
    }
}
