package dev.fling.tenants;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which tenant a CloudEvents source belongs to: an exact value first, then the longest prefix
 * (written with a trailing '*'). Pure; a value claimed by two tenants is refused when built.
 */
public final class TenantMatcher {

    private final Map<String, String> exact = new HashMap<>();
    /** Prefix (without its '*') and tenant, longest prefix first. */
    private final List<Map.Entry<String, String>> prefixes;

    /**
     * @param sources each tenant's sources, as configured
     * @throws IllegalArgumentException naming the property when one source or prefix is in two tenants
     */
    public TenantMatcher(Map<String, List<String>> sources) {
        Map<String, String> prefixOwners = new HashMap<>();
        for (Map.Entry<String, List<String>> tenant : sources.entrySet()) {
            for (String source : tenant.getValue()) {
                String value = source.trim();
                boolean prefix = value.endsWith("*");
                Map<String, String> owners = prefix ? prefixOwners : exact;
                String key = prefix ? value.substring(0, value.length() - 1) : value;
                String other = owners.putIfAbsent(key, tenant.getKey());
                if (other != null && !other.equals(tenant.getKey())) {
                    throw new IllegalArgumentException("source '" + value + "' is in two tenants: fling.tenants."
                            + first(other, tenant.getKey()) + ".sources and fling.tenants."
                            + second(other, tenant.getKey()) + ".sources");
                }
            }
        }
        this.prefixes = prefixOwners.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed())
                .toList();
    }

    /** The tenant of this source, if any claims it. */
    public Optional<String> tenantOf(String source) {
        String tenant = exact.get(source);
        if (tenant != null) {
            return Optional.of(tenant);
        }
        for (Map.Entry<String, String> prefix : prefixes) {
            if (source.startsWith(prefix.getKey())) {
                return Optional.of(prefix.getValue());
            }
        }
        return Optional.empty();
    }

    private static String first(String a, String b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String second(String a, String b) {
        return a.compareTo(b) <= 0 ? b : a;
    }
}
