package dev.fling.runtime.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;

/** What {@link FlinkRestClient} reads from a JobManager, and the one body it sends that has a shape of its own. */
public final class FlinkRestModel {

    private FlinkRestModel() {}

    /**
     * The body of {@code /jars/{id}/run}, in Flink's names: entry class (null: the jar's
     * manifest names it), program arguments, parallelism, the job id to use, the savepoint to
     * restore and whether state it cannot map may be dropped, and job-level configuration.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    public record JarRun(String entryClass, List<String> programArgsList, Integer parallelism, String jobId,
            String savepointPath, Boolean allowNonRestoredState, Map<String, String> flinkConfiguration) {}

    /**
     * A job's state ({@code RUNNING}, {@code FINISHED}, ...), parallelism, whether it ever ran,
     * and whether every task runs now (after a rescale, until then the old and new parallelism mix);
     * when Flink received the job and when it first ran, in epoch milliseconds (0 when unknown).
     */
    public record JobDetails(String state, int parallelism, boolean ran, boolean allTasksRunning,
            long submittedAtMillis, long runningAtMillis) {}

    /** A job's state ({@code RUNNING}, ...) and its vertices. */
    public record JobVertices(String state, List<Vertex> vertices) {

        /** Whether the job runs with every task of every vertex running (not in the middle of a rescale). */
        public boolean allRunning() {
            return "RUNNING".equals(state) && !vertices.isEmpty()
                    && vertices.stream().allMatch(vertex -> "RUNNING".equals(vertex.status()));
        }
    }

    /** A vertex of a job: its id, name, parallelism, the highest its state allows, and its status. */
    public record Vertex(String id, String name, int parallelism, int maxParallelism, String status) {}

    /** A metric over a vertex's subtasks: their average and sum (NaN when Flink gave none). */
    public record AggregatedMetric(double avg, double sum) {}

    /** Whether a savepoint operation is done, and where it wrote or why it failed. */
    public record SavepointStatus(boolean done, String location, String failure) {}

    /** Cluster capacity as the JobManager sees it. */
    public record Overview(int taskManagers, int slotsTotal, int slotsAvailable) {}

    public record TaskManagerSlots(String id, int slots, int freeSlots) {}
}
