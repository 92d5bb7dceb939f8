package dev.fling.query;

import dev.fling.tenants.FairQueue;
import dev.fling.tenants.Limits;
import dev.fling.tenants.QueueKeeper;
import dev.fling.tenants.QueueView;
import dev.fling.tenants.Tenant;
import dev.fling.tenants.TenantUsage;
import dev.fling.tenants.Tenants;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Each tenant's limits, what it runs and what of it waits, in queue order, as the queue last saw
 * them (every instance keeps that view; only the leader lets jobs in).
 */
@Path("/tenants")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "tenants", description = "Tenants, their quotas, usage and queue")
public class TenantsResource {

    private final Tenants tenants;
    private final QueueKeeper queue;

    public TenantsResource(Tenants tenants, QueueKeeper queue) {
        this.tenants = tenants;
        this.queue = queue;
    }

    /** Limits; null where none is set. */
    public record LimitsView(Long maxRunningJobs, Long maxTotalParallelism, Long maxTotalMemoryBytes) {
        static LimitsView of(Limits limits) {
            return new LimitsView(value(limits.jobs()), value(limits.parallelism()), value(limits.memoryBytes()));
        }

        private static Long value(long limit) {
            return limit == Limits.NONE ? null : limit;
        }
    }

    /** A job waiting: its place in the whole queue (1 = next), priority, and why it waits. */
    public record WaitingView(String job, int position, int priority, Instant acceptedAt, String reason) {
        static WaitingView of(FairQueue.Waiting waiting) {
            return new WaitingView(waiting.entry().job(), waiting.position(), waiting.entry().priority(),
                    waiting.entry().arrival(), waiting.reason());
        }
    }

    /** What runs now. */
    public record UsageView(long runningJobs, long parallelism, long memoryBytes, int pendingJobs) {
        static UsageView of(TenantUsage usage) {
            return new UsageView(usage.runningJobs(), usage.parallelism(), usage.memoryBytes(), usage.waiting().size());
        }
    }

    /** One tenant. */
    public record TenantView(String name, List<String> sources, int weight, LimitsView limits, UsageView usage,
            List<WaitingView> queue) {}

    /** Every tenant, and all of them together. */
    public record TenantList(boolean queueing, String unknownSources, LimitsView globalLimits, UsageView globalUsage,
            Instant asOf, List<TenantView> tenants) {}

    @GET
    @Operation(summary = "Tenants: their limits, what they run, and their queue in order")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TenantList.class)))
    public TenantList list() {
        QueueView view = queue.view();
        List<TenantView> all = tenants.all().stream().map(tenant -> view(tenant, view)).toList();
        return new TenantList(tenants.queueing(), tenants.rejectsUnknownSources() ? "reject" : "default",
                LimitsView.of(tenants.global()), UsageView.of(TenantUsage.of(view, null)), view.at(), all);
    }

    private static TenantView view(Tenant tenant, QueueView view) {
        TenantUsage usage = TenantUsage.of(view, tenant.name());
        return new TenantView(tenant.name(), tenant.sources(), tenant.weight(), LimitsView.of(tenant.limits()),
                UsageView.of(usage), usage.waiting().stream().map(WaitingView::of).toList());
    }
}
