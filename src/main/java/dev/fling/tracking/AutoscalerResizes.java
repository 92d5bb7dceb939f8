package dev.fling.tracking;

import dev.fling.events.payload.EventData;
import dev.fling.runtime.AutoscaledVertices;
import dev.fling.runtime.TrackingState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a resize the autoscaler made is announced: each vertex's parallelism before (as last
 * reported, or the job's for a vertex never reported) and after, the job's highest, the reason,
 * and an occurrence the runtime's record gives, so that a restarted Fling names the same resize
 * the same way and a later equal one differently.
 */
final class AutoscalerResizes {

    private AutoscalerResizes() {}

    static EventData.Rescaled rescaled(String job, TrackingState before, AutoscaledVertices after) {
        Map<String, Integer> was = before.vertices();
        List<EventData.VertexRescale> vertices = new ArrayList<>();
        after.sorted().forEach((id, to) -> vertices.add(
                new EventData.VertexRescale(id, was.getOrDefault(id, before.parallelism()), to)));
        return new EventData.Rescaled(job, before.parallelism(), after.highest(), EventData.Rescaled.AUTOSCALER,
                vertices, after.reason());
    }

    /** The event's occurrence: {@code autoscaler-} and what the runtime tells this setting apart by. */
    static String occurrence(AutoscaledVertices after) {
        return "autoscaler-" + after.occurrence();
    }
}
