package dev.fling.stream;

import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Every job's lifecycle events as Server-Sent Events, live, for dashboards and pollers. */
@Path("/events")
@Tag(name = "events", description = "Lifecycle events as Server-Sent Events, resumable by Last-Event-ID")
public class AllEventsResource {

    private final EventStreams streams;

    public AllEventsResource(EventStreams streams) {
        this.streams = streams;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking // joins the tail, and a resumed stream reads back from the broker, before the first byte
    @Operation(summary = "Every job's lifecycle events, live from now (after Last-Event-ID if it was emitted "
            + "within fling.event-streams.resume-window). In order per job, not across jobs: deduplicate on id")
    @APIResponse(responseCode = "200", description = "text/event-stream; comment lines (': keep-alive') while idle",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(implementation = String.class)))
    @APIResponse(responseCode = "400", description = "A filter cannot be read",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = dev.fling.query.JobQueryResource.Problem.class)))
    @APIResponse(responseCode = "503", description = "Too many streams open on this instance, or the events topic "
            + "cannot be read now; try again after Retry-After seconds",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = dev.fling.query.JobQueryResource.Problem.class)))
    public void stream(
            @Parameter(description = "Only events about these jobs (repeat or comma-separate)")
            @QueryParam("job") List<String> jobs,
            @Parameter(description = "Only events of these types: short (succeeded, savepoint.completed) or full "
                    + "(dev.fling.job.succeeded); repeat or comma-separate")
            @QueryParam("type") List<String> types,
            @Parameter(description = "Only events about jobs with this label, as key=value (repeat: all must match)")
            @QueryParam("label") List<String> labels,
            @Parameter(description = "Only events about jobs launched by requests with this source")
            @QueryParam("source") String source,
            @Parameter(description = "Resume right after the event with this id, if it was emitted within the "
                    + "resume window; otherwise live from now")
            @HeaderParam("Last-Event-ID") String lastEventIdHeader,
            @Parameter(description = "The same as Last-Event-ID, for clients that cannot set headers")
            @QueryParam("lastEventId") String lastEventIdParameter,
            @Context SseEventSink sink, @Context HttpServerRequest request, @Context HttpServerResponse response) {
        EventFilter filter;
        try {
            filter = EventFilter.parse(jobs, types, labels, source);
        } catch (IllegalArgumentException e) {
            throw StreamAnswers.problem(Response.Status.BAD_REQUEST, e.getMessage());
        }
        VertxWire wire = streams.wire(request, response, sink);
        String lastEventId = StreamAnswers.lastEventId(lastEventIdHeader, lastEventIdParameter);
        StreamAnswers.serve(wire, () -> streams.streamAll(filter, lastEventId, wire));
    }
}
