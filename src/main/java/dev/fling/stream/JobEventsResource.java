package dev.fling.stream;

import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * One job's lifecycle events as Server-Sent Events, for a caller that waits for the job without
 * consuming Kafka (the {@code fling} command's {@code --wait}, a workflow step, a browser).
 */
@Path("/jobs/{name}/events")
@Tag(name = "events", description = "Lifecycle events as Server-Sent Events, resumable by Last-Event-ID")
public class JobEventsResource {

    private final EventStreams streams;

    public JobEventsResource(EventStreams streams) {
        this.streams = streams;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking // joins the tail and reads the job's history from the broker before the first byte
    @Operation(summary = "The job's lifecycle events: those so far (from its launch's accepted event), then live "
            + "ones; the stream ends after the job's terminal event (at once if it has ended). Each event has "
            + "id = the CloudEvent's id, event = its type, data = the CloudEvent in structured mode (one line of JSON)")
    @APIResponse(responseCode = "200", description = "text/event-stream; comment lines (': keep-alive') while idle",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(implementation = String.class)))
    @APIResponse(responseCode = "404", description = "No such job",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = dev.fling.query.JobQueryResource.Problem.class)))
    @APIResponse(responseCode = "503", description = "Too many streams open on this instance, or the events topic "
            + "cannot be read now; try again after Retry-After seconds",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = dev.fling.query.JobQueryResource.Problem.class)))
    public void stream(@PathParam("name") String name,
            @Parameter(description = "Resume right after the event with this id (what EventSource sends on reconnect); "
                    + "an id the job never had sends all of its events")
            @HeaderParam("Last-Event-ID") String lastEventIdHeader,
            @Parameter(description = "The same as Last-Event-ID, for clients that cannot set headers")
            @QueryParam("lastEventId") String lastEventIdParameter,
            @Context SseEventSink sink, @Context HttpServerRequest request, @Context HttpServerResponse response) {
        EventStreams.KnownJob job = streams.job(name)
                .orElseThrow(() -> StreamAnswers.problem(Response.Status.NOT_FOUND, "no job named '" + name + "'"));
        VertxWire wire = streams.wire(request, response, sink);
        String lastEventId = StreamAnswers.lastEventId(lastEventIdHeader, lastEventIdParameter);
        StreamAnswers.serve(wire, () -> streams.streamJob(name, job, lastEventId, wire));
    }
}
