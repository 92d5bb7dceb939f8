package dev.fling.runtime.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.runtime.LaunchPhases;
import dev.fling.runtime.local.LocalJob.Status;
import dev.fling.runtime.rest.FlinkFailures;
import dev.fling.runtime.rest.FlinkRestClient;
import dev.fling.runtime.rest.FlinkRestException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * The warm path of a launch: hands a ready pooled cluster to a job (its jar fetched first, so a
 * jar that cannot be had never costs a pooled cluster), then sends the job to it over the
 * JobManager's REST API, {@code /jars/upload} and {@code /jars/{id}/run}. From then on the job's
 * cluster is followed, rescaled, stopped and taken down like any application cluster. Called on
 * the poller thread, under the job's monitor.
 */
final class WarmStarter {

    private final ClusterLauncher launcher;
    private final WarmPool pool;
    private final LocalRegistry registry;
    private final Function<LocalJob, FlinkRestClient> rest;
    private final ObjectMapper mapper;

    WarmStarter(ClusterLauncher launcher, WarmPool pool, LocalRegistry registry,
            Function<LocalJob, FlinkRestClient> rest, ObjectMapper mapper) {
        this.launcher = launcher;
        this.pool = pool;
        this.registry = registry;
        this.rest = rest;
        this.mapper = mapper;
    }

    /** Gives the pooled cluster to the job: recorded as the job's before the pool lets go of it. */
    void take(LocalJob job, PooledCluster pooled, long began) {
        Path jar = launcher.fetchJar(job);
        LocalJob.Cluster cluster = pooled.cluster;
        cluster.flinkJobId = ClusterLauncher.flinkJobId(job.definition.ref().name(), job.attempt);
        cluster.start = LaunchPhases.Start.WARM;
        cluster.beganAtMillis = began;
        cluster.readyAtMillis = began; // it was ready before the job came
        cluster.jar = jar.toAbsolutePath().toString();
        job.cluster = cluster;
        job.pooledDirectories.add(cluster.directory);
        job.moveTo(Status.RUNNING);
        registry.save(job);
        pool.handedOver(pooled);
    }

    /**
     * Sends the job to its pooled cluster unless it has it (also after a restart of Fling between
     * the two): enough TaskManagers for its parallelism, the jar, then its main. Returns Flink's
     * reason when it refused the job (a jar it cannot read, a class not in it, a main that throws),
     * which is the attempt's failure; throws when the JobManager does not answer (try again).
     */
    Optional<String> submitIfNeeded(LocalJob job) throws IOException {
        LocalJob.Cluster cluster = job.cluster;
        if (cluster.start != LaunchPhases.Start.WARM || cluster.submitted) {
            return Optional.empty();
        }
        FlinkRestClient client = rest.apply(job);
        try {
            client.job(cluster.flinkJobId);
            return markSubmitted(job); // sent before Fling stopped
        } catch (FlinkRestException e) {
            if (e.status() != 404) {
                throw e;
            }
        }
        launcher.ensureTaskManagers(job, job.targetParallelism);
        try {
            String jarId = client.uploadJar(Path.of(cluster.jar));
            client.runJar(jarId, launcher.jarRun(job));
        } catch (FlinkRestException e) {
            return Optional.of(cause(e));
        }
        return markSubmitted(job);
    }

    private Optional<String> markSubmitted(LocalJob job) {
        job.cluster.submitted = true;
        registry.save(job);
        return Optional.empty();
    }

    /** Flink's reason, from the {@code errors} of its answer: the cause chain of the first, in one line. */
    String cause(FlinkRestException e) {
        String message = e.getMessage();
        int body = message.indexOf('{');
        if (body >= 0) {
            try {
                JsonNode errors = mapper.readTree(message.substring(body)).path("errors");
                StringBuilder all = new StringBuilder();
                // Flink's 500 answers say "Internal server error." and wrap the trace in "<Exception on server side: ...>".
                errors.forEach(error -> error.asText().lines()
                        .filter(line -> !line.equals("Internal server error.") && !line.startsWith("<Exception on server side:")
                                && !line.startsWith("End of exception on server side"))
                        .forEach(line -> all.append(line).append('\n')));
                if (!all.isEmpty()) {
                    return FlinkFailures.summarize(all.toString());
                }
            } catch (IOException ignored) {
                // not JSON: the message as it is
            }
        }
        return message;
    }
}
