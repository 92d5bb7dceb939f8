package dev.fling.tenants;

import dev.fling.admission.MemorySize;
import dev.fling.runtime.FlinkRuntime;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The tenants as configured, checked once at start (a mistake stops Fling with the property
 * named), and the limits over all of them: which tenant a source belongs to, and whether launches
 * queue at all (only when some limit is set, or the runtime has one of its own).
 */
@Startup
@ApplicationScoped
public class Tenants {

    /** Highest priority a launch may carry (events-schema/dev.fling.job.launch.json). */
    public static final int MAX_PRIORITY = 9;

    private final Map<String, Tenant> tenants = new LinkedHashMap<>();
    private final TenantMatcher matcher;
    private final TenantsConfig.UnknownSources unknownSources;
    private final Limits global;
    private final String globalName;

    @Inject
    public Tenants(TenantsConfig config, QuotaConfig quota, FlinkRuntime runtime) {
        this(config, quota, runtime.maxRunningJobs(), runtime.name());
        unreadEnvironment(System.getenv(), config.tenants().keySet()).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
    }

    /**
     * An environment variable under {@code FLING_TENANTS_} that belongs to no tenant Fling read.
     * A tenant name with a dash cannot be told apart from the property after it in an environment
     * variable's name, and the configuration would drop it without a word.
     */
    static Optional<String> unreadEnvironment(Map<String, String> environment, java.util.Set<String> tenants) {
        List<String> prefixes = tenants.stream()
                .map(t -> "FLING_TENANTS_" + t.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_")
                .toList();
        return environment.keySet().stream().sorted()
                .filter(name -> name.startsWith("FLING_TENANTS_") && !name.equals("FLING_TENANTS_UNKNOWN_SOURCES"))
                .filter(name -> prefixes.stream().noneMatch(name::startsWith))
                .findFirst()
                .map(name -> name + " names no tenant Fling can read: in environment variables a tenant's name is "
                        + "letters and digits only (FLING_TENANTS_TEAMA_SOURCES for tenant teama); a name with a "
                        + "dash goes in properties (fling.tenants.team-a.sources)");
    }

    /** Without a runtime: {@code runtimeMaxJobs} is the runtime's own cap, if it has one. */
    public Tenants(TenantsConfig config, QuotaConfig quota, OptionalInt runtimeMaxJobs) {
        this(config, quota, runtimeMaxJobs, "the runtime's");
    }

    private Tenants(TenantsConfig config, QuotaConfig quota, OptionalInt runtimeMaxJobs, String runtimeName) {
        this.unknownSources = config.unknownSources();
        Map<String, List<String>> sources = new LinkedHashMap<>();
        for (Map.Entry<String, TenantsConfig.Tenant> entry : config.tenants().entrySet()) {
            Tenant tenant = checked(entry.getKey(), entry.getValue());
            tenants.put(tenant.name(), tenant);
            sources.put(tenant.name(), tenant.sources());
        }
        if (!tenants.containsKey(Tenant.DEFAULT)) {
            tenants.put(Tenant.DEFAULT, new Tenant(Tenant.DEFAULT, List.of(), List.of(), 1, Limits.UNLIMITED,
                    null));
        }
        this.matcher = new TenantMatcher(sources);
        Limits configured = new Limits(
                count("fling.quota.max-running-jobs", quota.maxRunningJobs()),
                count("fling.quota.max-total-parallelism", quota.maxTotalParallelism()),
                memory("fling.quota.max-total-memory", quota.maxTotalMemory()));
        this.global = runtimeMaxJobs.isPresent()
                ? configured.min(new Limits(runtimeMaxJobs.getAsInt(), Limits.NONE, Limits.NONE)) : configured;
        boolean runtimeBinds = runtimeMaxJobs.isPresent() && runtimeMaxJobs.getAsInt() <= configured.jobs();
        this.globalName = runtimeBinds ? "all tenants together (at most " + runtimeMaxJobs.getAsInt() + " "
                + runtimeName + " clusters)" : "all tenants together";
    }

    /** No tenants and no limits: every source is the default tenant's, nothing queues. */
    public static Tenants none() {
        TenantsConfig config = new TenantsConfig() {
            public UnknownSources unknownSources() {
                return UnknownSources.DEFAULT;
            }

            public Map<String, TenantsConfig.Tenant> tenants() {
                return Map.of();
            }
        };
        QuotaConfig quota = new QuotaConfig() {
            public Optional<Integer> maxRunningJobs() {
                return Optional.empty();
            }

            public Optional<Integer> maxTotalParallelism() {
                return Optional.empty();
            }

            public Optional<String> maxTotalMemory() {
                return Optional.empty();
            }
        };
        return new Tenants(config, quota, OptionalInt.empty());
    }

    private static Tenant checked(String name, TenantsConfig.Tenant config) {
        String prefix = "fling.tenants." + name + ".";
        List<String> sources = config.sources().orElse(List.of());
        if (name.equals(Tenant.DEFAULT) && !sources.isEmpty()) {
            throw new IllegalArgumentException(prefix + "sources: the tenant 'default' takes every source in no "
                    + "other tenant; name the sources under another tenant");
        }
        if (!name.equals(Tenant.DEFAULT) && sources.isEmpty()) {
            throw new IllegalArgumentException(prefix + "sources is missing: a tenant is a group of CloudEvents "
                    + "sources (exact values, or prefixes ending in '*')");
        }
        if (config.weight() < 1) {
            throw new IllegalArgumentException(prefix + "weight must be at least 1, not " + config.weight());
        }
        config.policy().maxPriority().ifPresent(priority -> {
            if (priority < 0 || priority > MAX_PRIORITY) {
                throw new IllegalArgumentException(prefix + "policy.max-priority must be between 0 and "
                        + MAX_PRIORITY + ", not " + priority);
            }
        });
        Limits limits = new Limits(count(prefix + "max-running-jobs", config.maxRunningJobs()),
                count(prefix + "max-total-parallelism", config.maxTotalParallelism()),
                memory(prefix + "max-total-memory", config.maxTotalMemory()));
        return new Tenant(name, sources, config.allowedSubjects().orElse(List.of()), config.weight(), limits,
                config.policy());
    }

    private static long count(String property, Optional<Integer> value) {
        if (value.isEmpty()) {
            return Limits.NONE;
        }
        if (value.get() < 0) {
            throw new IllegalArgumentException(property + " must not be negative, not " + value.get());
        }
        return value.get();
    }

    private static long memory(String property, Optional<String> value) {
        if (value.isEmpty()) {
            return Limits.NONE;
        }
        try {
            long bytes = MemorySize.parseBytes(value.get());
            if (bytes < 0) {
                throw new IllegalArgumentException("negative");
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + " is not a memory size (e.g. 64g): '" + value.get() + "'");
        }
    }

    /** The tenant of this source; empty when it is in none and unknown sources are refused. */
    public Optional<Tenant> of(String source) {
        Optional<String> name = matcher.tenantOf(source);
        if (name.isEmpty() && unknownSources == TenantsConfig.UnknownSources.REJECT) {
            return Optional.empty();
        }
        return Optional.of(tenants.get(name.orElse(Tenant.DEFAULT)));
    }

    /** The tenant of this name, if configured (or the default one). */
    public Optional<Tenant> named(String name) {
        return Optional.ofNullable(tenants.get(name));
    }

    /** Every tenant, the default one included, in the order configured. */
    public Collection<Tenant> all() {
        return new ArrayList<>(tenants.values());
    }

    /** The limits over all tenants together. */
    public Limits global() {
        return global;
    }

    /** Whose the global limits are, as a waiting job's reason names them. */
    public String globalName() {
        return globalName;
    }

    /** Whether launches wait in the queue at all: some limit is set, or the runtime has a cap of its own. */
    public boolean queueing() {
        return global.any() || tenants.values().stream().anyMatch(t -> t.limits().any());
    }

    /** Whether only the sources named in tenants may launch. */
    public boolean rejectsUnknownSources() {
        return unknownSources == TenantsConfig.UnknownSources.REJECT;
    }
}
