package dev.fling.runtime.operator;

import dev.fling.runtime.JobDefinition;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a launch can become a FlinkSessionJob on a pooled session deployment of a given shape:
 * the same namespace, image, Flink version, resources and slots (the cluster runs already); a
 * configuration of the kind Flink applies per job; a jar the operator fetches itself (it downloads
 * a session job's jar and uploads it to the cluster: http(s), or a Flink file system such as s3,
 * never {@code local://}, which names a path inside an image the operator does not run); and no
 * wait in the queue (a waiting launch would hold a ready cluster idle). Pure; the same rules as
 * the local runtime's pool (WarmFit) where they apply.
 */
final class SessionFit {

    /** Configuration Flink reads from the submitted job, so that a job on a running cluster still gets it. */
    private static final List<String> PER_JOB = List.of("pipeline.", "execution.checkpointing.",
            "execution.runtime-mode", "execution.buffer-timeout", "restart-strategy.", "state.", "table.",
            "parallelism.default");
    /** Jar URI schemes the operator fetches for a session job (http and s3 as documented by the operator). */
    static final Set<String> FETCHABLE = Set.of("http", "https", "s3");

    private SessionFit() {}

    /** Why the launch cannot take a pooled deployment of {@code shape}; empty when it can. */
    static Optional<String> whyNot(JobDefinition job, PoolShape shape) {
        if (job.sql() != null) {
            return Optional.of("it is a SQL script, which runs Fling's SQL runner from the image (local://)");
        }
        if (job.queue() != null && job.queue().waiting()) {
            return Optional.of("it waits in the queue");
        }
        String scheme = scheme(job.jarURI());
        if (!FETCHABLE.contains(scheme)) {
            return Optional.of("its jarURI is " + (scheme.isEmpty() ? "a path" : scheme + "://")
                    + ", which the operator cannot fetch for a session job (http, https and s3 it can)");
        }
        if (!shape.namespace().equals(job.ref().namespace())) {
            return Optional.of("it runs in namespace " + job.ref().namespace() + ", the pool in " + shape.namespace());
        }
        if (!shape.image().equals(job.image()) || !shape.flinkVersion().equals(job.flinkVersion())) {
            return Optional.of("it asks for " + job.image() + " (" + job.flinkVersion() + "), the pool runs "
                    + shape.image() + " (" + shape.flinkVersion() + ")");
        }
        if (!shape.jobManager().equals(job.jobManager()) || !shape.taskManager().equals(job.taskManager())
                || shape.taskSlots() != job.taskSlots()) {
            return Optional.of("its JobManager, TaskManager or slots differ from the pool's");
        }
        return job.flinkConfiguration().keySet().stream()
                .filter(key -> PER_JOB.stream().noneMatch(key::startsWith)).sorted().findFirst()
                .map(key -> "its configuration sets " + key + ", which needs a cluster of its own");
    }

    private static String scheme(String jarURI) {
        try {
            String scheme = jarURI == null ? null : URI.create(jarURI).getScheme();
            return scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
