package dev.fling.runtime.local;

import dev.fling.runtime.JobDefinition;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Flink configuration each local cluster gets: what every cluster has (memory, its own ports
 * and directories, the adaptive scheduler), what an application cluster adds for its job, and the
 * job-level part a pooled session cluster receives with the job instead.
 */
final class ClusterConfiguration {

    private final LocalConfig config;
    private final SavepointStore savepoints;
    private final JobDirectories directories;

    ClusterConfiguration(LocalConfig config, SavepointStore savepoints, JobDirectories directories) {
        this.config = config;
        this.savepoints = savepoints;
        this.directories = directories;
    }

    /** An application cluster's {@code config.yaml}: the job's own configuration first, the cluster's settings over it. */
    Map<String, String> application(LocalJob job, LocalJob.Cluster cluster) {
        JobDefinition definition = job.definition;
        Map<String, String> conf = new LinkedHashMap<>(definition.flinkConfiguration());
        clusterSettings(conf, cluster);
        // A main() that throws before the job exists becomes a FAILED job carrying the exception
        // (needs the fixed --job-id), instead of a JobManager that exits with the cause only in its log.
        conf.put("execution.submit-failed-job-on-application-error", "true");
        conf.put("parallelism.default", Integer.toString(job.targetParallelism));
        conf.putIfAbsent("execution.checkpointing.interval", checkpointInterval());
        conf.putIfAbsent("execution.checkpointing.dir", Path.of(cluster.directory, "checkpoints").toUri().toString());
        conf.putIfAbsent("execution.checkpointing.savepoint-dir", savepointDirectory(job).toUri().toString());
        if (definition.restore() != null && job.attempt == 1) {
            conf.put("execution.state-recovery.path", definition.restore().savepointPath());
            conf.put("execution.state-recovery.ignore-unclaimed-state",
                    Boolean.toString(definition.restore().allowNonRestoredState()));
        }
        return conf;
    }

    /** An idle pooled cluster's {@code config.yaml}: no job yet, uploads kept in its own directory. */
    Map<String, String> session(LocalJob.Cluster cluster) {
        Map<String, String> conf = new LinkedHashMap<>();
        clusterSettings(conf, cluster);
        conf.put("web.upload.dir", Path.of(cluster.directory, "upload").toString());
        conf.put("execution.checkpointing.interval", checkpointInterval());
        return conf;
    }

    /** The job-level configuration sent with a job to a pooled cluster: what its application cluster would have had. */
    Map<String, String> jobLevel(LocalJob job) {
        Map<String, String> conf = new LinkedHashMap<>(job.definition.flinkConfiguration());
        conf.putIfAbsent("execution.checkpointing.interval", checkpointInterval());
        conf.putIfAbsent("execution.checkpointing.dir",
                directories.attempt(job).resolve("checkpoints").toAbsolutePath().toUri().toString());
        conf.putIfAbsent("execution.checkpointing.savepoint-dir", savepointDirectory(job).toUri().toString());
        return conf;
    }

    /** Where the job's savepoints go unless a request or the job's configuration names a directory. */
    Path savepointDirectory(LocalJob job) {
        return savepoints.directory(job.definition.ref().name());
    }

    Map<String, String> jobManagerMemory() {
        return Map.of("jobmanager.memory.process.size", config.jobManagerProcessMemory());
    }

    Map<String, String> taskManagerMemory(int slots) {
        return Map.of("taskmanager.memory.process.size", config.taskManagerProcessMemory(),
                "taskmanager.memory.managed.fraction", "0.1",
                "taskmanager.numberOfTaskSlots", Integer.toString(slots));
    }

    private String checkpointInterval() {
        return config.checkpointInterval().toMillis() + " ms";
    }

    /** What every local cluster has, application or pooled: its memory, its own ports and directories, its scheduler. */
    private void clusterSettings(Map<String, String> conf, LocalJob.Cluster cluster) {
        conf.putAll(jobManagerMemory());
        conf.putAll(taskManagerMemory(cluster.slotsPerTaskManager));
        conf.put("jobmanager.rpc.address", "localhost");
        conf.put("jobmanager.rpc.port", Integer.toString(cluster.rpcPort));
        conf.put("jobmanager.bind-host", "localhost");
        conf.put("rest.address", "localhost");
        conf.put("rest.bind-address", "localhost");
        conf.put("rest.port", Integer.toString(cluster.restPort));
        conf.put("taskmanager.host", "localhost");
        conf.put("taskmanager.bind-host", "localhost");
        conf.put("blob.server.port", "0");
        conf.put("taskmanager.rpc.port", "0");
        conf.put("io.tmp.dirs", Path.of(cluster.directory, "tmp").toString());
        conf.put("execution.shutdown-on-application-finish", "false");
        // Flink copies each --jars artifact here, keyed by file name only and never replaced: shared
        // between clusters (its default is /opt/flink/artifacts), one job would run another's jar.
        conf.put("user.artifacts.base-dir", Path.of(cluster.directory, "artifacts").toString());
        conf.put("jobmanager.scheduler", "adaptive");
        conf.putAll(LocalClusterTuning.QUICK_RESCALING);
        conf.putAll(LocalClusterTuning.QUICK_REGISTRATION);
        conf.putAll(LocalClusterTuning.FRESH_READINGS);
        conf.putAll(LocalClusterTuning.QUICK_METRICS);
    }
}
