package dev.fling.runtime;

import dev.fling.events.RequestContext;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A launch after admission: every default applied, every limit checked. Runtimes turn it into
 * an application cluster; nothing in it is optional any more except what Flink treats as such.
 */
@RegisterForReflection
public record JobDefinition(
        JobRef ref,
        String image,
        String flinkVersion,
        String jarURI,
        String entryClass,
        List<String> args,
        int parallelism,
        ProcessResources jobManager,
        ProcessResources taskManager,
        int taskSlots,
        Map<String, String> flinkConfiguration,
        Restore restore,
        Map<String, String> labels,
        JobPolicy policy,
        RequestContext request,
        Instant acceptedAt,
        QueueTicket queue,
        SqlScript sql) {

    public JobDefinition {
        args = List.copyOf(args);
        flinkConfiguration = Map.copyOf(flinkConfiguration);
        labels = Map.copyOf(labels);
    }

    /** A definition with no place in a queue (it starts at once). */
    public JobDefinition(JobRef ref, String image, String flinkVersion, String jarURI, String entryClass,
            List<String> args, int parallelism, ProcessResources jobManager, ProcessResources taskManager,
            int taskSlots, Map<String, String> flinkConfiguration, Restore restore, Map<String, String> labels,
            JobPolicy policy, RequestContext request, Instant acceptedAt) {
        this(ref, image, flinkVersion, jarURI, entryClass, args, parallelism, jobManager, taskManager, taskSlots,
                flinkConfiguration, restore, labels, policy, request, acceptedAt, null, null);
    }

    /** The same definition with its place in the queue. */
    public JobDefinition withQueue(QueueTicket ticket) {
        return new JobDefinition(ref, image, flinkVersion, jarURI, entryClass, args, parallelism, jobManager,
                taskManager, taskSlots, flinkConfiguration, restore, labels, policy, request, acceptedAt, ticket, sql);
    }

    /** The same definition running a SQL script instead of a jar. */
    public JobDefinition withSql(SqlScript script) {
        return new JobDefinition(ref, image, flinkVersion, jarURI, entryClass, args, parallelism, jobManager,
                taskManager, taskSlots, flinkConfiguration, restore, labels, policy, request, acceptedAt, queue, script);
    }

    /**
     * A SQL job's script: its text ({@code sql}) or where the job reads it from ({@code sqlURI});
     * exactly one is set.
     */
    public record SqlScript(String text, String uri) {

        /** The entry class that runs a script (flink-local's runner), in every runtime. */
        public static final String RUNNER = "dev.fling.sql.SqlRunner";
    }

    /** CPU and memory of one JobManager or TaskManager process. */
    public record ProcessResources(double cpu, String memory) {}

    /** The savepoint a job starts from; null path means a fresh start. */
    public record Restore(String savepointPath, boolean allowNonRestoredState) {}
}
