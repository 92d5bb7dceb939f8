package dev.fling.query;

import dev.fling.runtime.FlinkRuntime;
import dev.fling.runtime.JobState;
import dev.fling.tenants.QueueKeeper;
import dev.fling.tracking.JobSnapshot;
import dev.fling.tracking.JobTracker;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Jobs for pollers (workflow sensors, scripts, dashboards), answered from what the runtime holds:
 * the FlinkDeployments' annotations or the local registry, read again after a restart, so the
 * answers survive one. Every instance answers, the leader or not.
 */
@Path("/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "jobs", description = "What Fling knows of the jobs it runs")
public class JobQueryResource {

    private static final int MAX_LOG_LINES = 1000;

    private final JobTracker tracker;
    private final FlinkRuntime runtime;
    private final QueueKeeper queue;

    public JobQueryResource(JobTracker tracker, FlinkRuntime runtime, QueueKeeper queue) {
        this.tracker = tracker;
        this.runtime = runtime;
        this.queue = queue;
    }

    /** The list, oldest first; jobs waiting in the queue in queue order when only pending ones are asked for. */
    public record JobList(List<JobView> jobs) {}

    /** What went wrong with a query. */
    public record Problem(String error) {}

    @GET
    @Operation(summary = "Jobs Fling follows (ended ones until their time-to-live passes)")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = JobList.class)))
    @APIResponse(responseCode = "400", description = "A filter cannot be read",
            content = @Content(schema = @Schema(implementation = Problem.class)))
    public Response list(
            @Parameter(description = "Only jobs in one of these states (repeat or comma-separate); state=pending "
                    + "lists the jobs waiting for quota in queue order")
            @QueryParam("state") List<String> states,
            @Parameter(description = "Only jobs with this label, as key=value (repeat: all must match)")
            @QueryParam("label") List<String> labels,
            @Parameter(description = "Only jobs launched by requests with this source")
            @QueryParam("source") String source) {
        JobFilter filter;
        try {
            filter = JobFilter.parse(states, labels, source);
        } catch (IllegalArgumentException e) {
            return Response.status(Response.Status.BAD_REQUEST).entity(new Problem(e.getMessage())).build();
        }
        Comparator<JobSnapshot> order = Comparator.comparing((JobSnapshot j) -> j.record().acceptedAt())
                .thenComparing(j -> j.record().ref().name());
        if (filter.states().equals(EnumSet.of(JobState.PENDING))) {
            Map<String, Integer> positions = new HashMap<>();
            queue.view().waiting().forEach(w -> positions.put(w.entry().job(), w.position()));
            order = Comparator.comparing((JobSnapshot j) -> positions.getOrDefault(j.record().ref().name(),
                    Integer.MAX_VALUE)).thenComparing(order);
        }
        List<JobView> jobs = tracker.snapshot().stream()
                .filter(filter::matches)
                .sorted(order)
                .map(JobView::summary)
                .toList();
        return Response.ok(new JobList(jobs)).build();
    }

    @GET
    @Path("{name}")
    @Operation(summary = "One job, with its lifecycle events so far and the savepoints kept for it; a job removed "
            + "after its time-to-live is still answered while its savepoints are kept")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "404", description = "No such job (never launched, or deleted after its time-to-live "
            + "with no savepoint kept)", content = @Content(schema = @Schema(implementation = Problem.class)))
    public Response get(@PathParam("name") String name) {
        return tracker.snapshot(name)
                .map(job -> JobView.details(job, runtime.keptSavepoints(name)))
                .or(() -> runtime.removed(name).map(job -> JobView.removed(job, runtime.keptSavepoints(name))))
                .map(view -> Response.ok(view).build())
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND)
                        .entity(new Problem("no job named '" + name + "'")).build());
    }

    @GET
    @Path("{name}/runtime")
    @Operation(summary = "One job as its runtime holds it: the launch after admission, the job's own Flink web UI "
            + "while its cluster runs, and the end of its JobManager's log (local runtime)")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = RuntimeView.class)))
    @APIResponse(responseCode = "404", description = "No such job, or a runtime that keeps nothing more than the "
            + "job's record here (the operator runtime: the FlinkDeployment is the job)",
            content = @Content(schema = @Schema(implementation = Problem.class)))
    public Response runtime(@PathParam("name") String name,
            @Parameter(description = "How many of the JobManager log's last lines (0 to 1000, default 100)")
            @QueryParam("logLines") @DefaultValue("100") int logLines) {
        if (logLines < 0 || logLines > MAX_LOG_LINES) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity(new Problem("logLines must be between 0 and " + MAX_LOG_LINES)).build();
        }
        if (tracker.snapshot(name).isEmpty()) {
            return Response.status(Response.Status.NOT_FOUND).entity(new Problem("no job named '" + name + "'")).build();
        }
        return runtime.insight(name, logLines)
                .map(insight -> Response.ok(RuntimeView.of(insight)).build())
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND).entity(new Problem("the " + runtime.name()
                        + " runtime keeps nothing of job '" + name + "' beyond what GET /jobs/" + name + " shows"))
                        .build());
    }
}
