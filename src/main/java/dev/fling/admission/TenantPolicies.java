package dev.fling.admission;

import dev.fling.events.RequestContext;
import dev.fling.events.payload.FieldError;
import dev.fling.events.payload.RejectionReason;
import dev.fling.runtime.Autoscaling;
import dev.fling.runtime.JobDefinition;
import dev.fling.runtime.QueueTicket;
import dev.fling.tenants.Tenant;
import dev.fling.tenants.Tenants;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides a launch per tenant: which tenant its source belongs to (and whether the caller may
 * speak for it), the tenant's policy, its priority cap, whether it could ever fit in the tenant's
 * and the global limits, and the ticket it waits with in the queue.
 */
final class TenantPolicies {

    private final Tenants tenants;
    private final Map<String, LaunchPolicy> policies = new HashMap<>();
    private final boolean named;

    TenantPolicies(Tenants tenants, PolicyRules base) {
        this(tenants, tenant -> new LaunchPolicy(base.over(tenant.policy())));
    }

    private TenantPolicies(Tenants tenants, java.util.function.Function<Tenant, LaunchPolicy> policy) {
        this.tenants = tenants;
        for (Tenant tenant : tenants.all()) {
            policies.put(tenant.name(), policy.apply(tenant));
        }
        // With no tenant configured, every launch is the default tenant's and messages stay as they were.
        this.named = tenants.all().size() > 1 || tenants.rejectsUnknownSources()
                || tenants.named(Tenant.DEFAULT).map(t -> t.policy() != null).orElse(false);
    }

    /** One policy for every source, no tenants, no queue. */
    static TenantPolicies single(LaunchPolicy policy) {
        return new TenantPolicies(Tenants.none(), tenant -> policy);
    }

    /** The launch's tenant, refusing a source in none (when so configured) or a caller not allowed for it. */
    Tenant tenantOf(RequestContext request, Optional<String> subject) {
        Tenant tenant = tenants.of(request.source()).orElseThrow(() -> refused(
                "source '" + request.source() + "' is in no tenant, and fling.tenants.unknown-sources is reject",
                List.of(new FieldError("source", "not in any tenant"))));
        if (subject.isPresent() && !tenant.allows(subject.get())) {
            throw refused("'" + subject.get() + "' may not send in the name of tenant '" + tenant.name() + "'",
                    List.of(new FieldError("source", "'" + request.source() + "' belongs to tenant '" + tenant.name()
                            + "', whose allowed-subjects do not include '" + subject.get() + "'")));
        }
        return tenant;
    }

    /** Refuses what the tenant's policy does not allow or what could never fit; the ticket it waits with otherwise. */
    JobDefinition check(Tenant tenant, JobDefinition definition, int priority) {
        LaunchPolicy policy = policies.get(tenant.name());
        List<FieldError> errors = new ArrayList<>(policy.violations(definition));
        if (priority > policy.maxPriority()) {
            errors.add(new FieldError("/priority", "priority " + priority + " is above the limit of "
                    + policy.maxPriority()));
        }
        if (!errors.isEmpty()) {
            throw refused(named ? "the launch asks for what the policy of tenant '" + tenant.name()
                    + "' does not allow" : "the launch asks for what its policy does not allow", errors);
        }
        long memory = memoryBytes(definition);
        int parallelism = peakParallelism(definition);
        String tenantProblem = tenant.limits().neverFits(parallelism, memory);
        String globalProblem = tenants.global().neverFits(parallelism, memory);
        if (tenantProblem != null || globalProblem != null) {
            String where = tenantProblem != null ? "the quota of tenant '" + tenant.name() + "'" : "the global quota";
            throw refused("the launch could never run within " + where + ": "
                    + (tenantProblem != null ? tenantProblem : globalProblem), List.of());
        }
        QueueTicket.Standing standing = tenants.queueing() ? QueueTicket.Standing.WAITING
                : QueueTicket.Standing.ADMITTED;
        return definition.withQueue(new QueueTicket(tenant.name(), priority, parallelism, memory, standing));
    }

    /** The most parallelism the job may reach: an autoscaled job's upper bound counts against quotas. */
    static int peakParallelism(JobDefinition definition) {
        Autoscaling autoscaling = definition.policy().autoscaling();
        return autoscaling == null ? definition.parallelism() : autoscaling.peak(definition.parallelism());
    }

    /** What the job's processes ask for together: the JobManager and as many TaskManagers as its peak parallelism needs. */
    static long memoryBytes(JobDefinition definition) {
        try {
            int taskManagers = (peakParallelism(definition) + definition.taskSlots() - 1) / Math.max(1, definition.taskSlots());
            return MemorySize.parseBytes(definition.jobManager().memory())
                    + taskManagers * MemorySize.parseBytes(definition.taskManager().memory());
        } catch (IllegalArgumentException e) {
            return 0; // the policy has reported the unreadable size already
        }
    }

    private RequestRejectedException refused(String message, List<FieldError> errors) {
        return new RequestRejectedException(new Rejection(RejectionReason.POLICY_VIOLATION, message, errors, null));
    }
}
