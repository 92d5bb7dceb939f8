package dev.fling.runtime.local;

import dev.fling.runtime.JobDefinition;
import dev.fling.runtime.RuntimeUnavailableException;
import dev.fling.runtime.rest.FlinkRestClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Starts a job's application cluster as local processes: a JobManager in application mode and
 * its TaskManagers, each attempt in its own directory (config, logs, temp files) with its own
 * ports, so that clusters never see each other; and the warm pool's idle session clusters, set
 * up the same way.
 */
final class ClusterLauncher {

    private static final String JOB_MANAGER = "org.apache.flink.container.entrypoint.StandaloneApplicationClusterEntryPoint";
    private static final String TASK_MANAGER = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    private static final String SESSION_JOB_MANAGER = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";

    private final LocalConfig config;
    private final FlinkDistribution distribution;
    private final Path jobs;
    private final JarFetcher fetcher;
    private final SavepointStore savepoints;
    private final MemorySettings memory;
    private final LocalPorts ports = new LocalPorts();

    ClusterLauncher(LocalConfig config, FlinkDistribution distribution, Path jobs, JarFetcher fetcher,
            SavepointStore savepoints) {
        this.config = config;
        this.distribution = distribution;
        this.jobs = jobs;
        this.fetcher = fetcher;
        this.savepoints = savepoints;
        this.memory = new MemorySettings(config.java(), distribution, jobs.resolveSibling("sizing"));
    }

    Optional<String> problem() {
        return distribution.problem();
    }

    /** Has Flink size the default processes ahead of the first launch (about a second saved on it). */
    void warmUp(int slots) {
        if (distribution.problem().isEmpty()) {
            memory.jobManager(jobManagerMemory());
            memory.taskManager(taskManagerMemory(slots));
        }
    }

    LocalJob.Cluster start(LocalJob job) {
        JobDefinition definition = job.definition;
        Path directory = attemptDirectory(job);
        try {
            createClusterDirectories(directory);
            JobProgram program = JobProgram.of(definition, directory, fetcher, distribution);

            LocalJob.Cluster cluster = new LocalJob.Cluster();
            cluster.directory = directory.toAbsolutePath().toString();
            cluster.restPort = ports.next();
            cluster.rpcPort = ports.next();
            cluster.flinkJobId = flinkJobId(definition.ref().name(), job.attempt);
            cluster.slotsPerTaskManager = definition.taskSlots();
            ClusterFiles.writeConfig(directory.resolve("conf").resolve("config.yaml"), configuration(job, cluster));
            ClusterFiles.writeLog4j(directory.resolve("conf").resolve("log4j.properties"));

            List<String> command = jvm(cluster, memory.jobManager(jobManagerMemory()), "jobmanager");
            command.add(JOB_MANAGER);
            command.addAll(List.of("--configDir", conf(cluster)));
            command.addAll(memory.jobManager(jobManagerMemory()).dynamicOptions());
            if (program.entryClass() != null) {
                command.addAll(List.of("--job-classname", program.entryClass()));
            }
            command.addAll(List.of("--jars", program.jar().toAbsolutePath().toUri().toString(),
                    "--job-id", cluster.flinkJobId));
            command.add("--");
            command.addAll(program.args());
            cluster.jobManagerPid = spawn(command, directory, directory.resolve("log").resolve("jobmanager.out"));
            ensureTaskManagers(cluster, job.targetParallelism);
            return cluster;
        } catch (IOException e) {
            throw new RuntimeUnavailableException("cannot prepare the cluster of " + definition.ref() + ": " + e, e);
        }
    }

    /**
     * Starts an idle session cluster for the warm pool in {@code directory}: a JobManager that
     * takes jobs over REST and one TaskManager of {@code slots} slots, set up like an application
     * cluster (adaptive scheduler, checkpointing, quick registration and rescaling).
     */
    LocalJob.Cluster startSession(Path directory, int slots) {
        try {
            createClusterDirectories(directory);
            LocalJob.Cluster cluster = new LocalJob.Cluster();
            cluster.directory = directory.toAbsolutePath().toString();
            cluster.restPort = ports.next();
            cluster.rpcPort = ports.next();
            cluster.slotsPerTaskManager = slots;
            Map<String, String> conf = new LinkedHashMap<>();
            clusterSettings(conf, cluster);
            conf.put("web.upload.dir", Path.of(cluster.directory, "upload").toString());
            conf.put("execution.checkpointing.interval", config.checkpointInterval().toMillis() + " ms");
            ClusterFiles.writeConfig(directory.resolve("conf").resolve("config.yaml"), conf);
            ClusterFiles.writeLog4j(directory.resolve("conf").resolve("log4j.properties"));
            List<String> command = jvm(cluster, memory.jobManager(jobManagerMemory()), "jobmanager");
            command.add(SESSION_JOB_MANAGER);
            command.addAll(List.of("--configDir", conf(cluster)));
            command.addAll(memory.jobManager(jobManagerMemory()).dynamicOptions());
            cluster.jobManagerPid = spawn(command, directory, directory.resolve("log").resolve("jobmanager.out"));
            ensureTaskManagers(cluster, slots);
            return cluster;
        } catch (IOException e) {
            throw new RuntimeUnavailableException("cannot start a pooled cluster in " + directory + ": " + e, e);
        }
    }

    /** Fetches the job's jar into its attempt's directory, for a pooled cluster to be sent. */
    Path fetchJar(LocalJob job) {
        Path directory = attemptDirectory(job);
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new RuntimeUnavailableException("cannot create " + directory + ": " + e, e);
        }
        return fetcher.fetch(job.definition.jarURI(), directory);
    }

    /**
     * What a pooled cluster is asked to run ({@code /jars/{id}/run}): the job's entry class,
     * arguments, parallelism, fixed job id, the savepoint of its first attempt, and the job-level
     * configuration an application cluster of the job would have had.
     */
    FlinkRestClient.JarRun jarRun(LocalJob job) {
        JobDefinition definition = job.definition;
        Map<String, String> conf = new LinkedHashMap<>(definition.flinkConfiguration());
        conf.putIfAbsent("execution.checkpointing.interval", config.checkpointInterval().toMillis() + " ms");
        conf.putIfAbsent("execution.checkpointing.dir",
                attemptDirectory(job).resolve("checkpoints").toAbsolutePath().toUri().toString());
        conf.putIfAbsent("execution.checkpointing.savepoint-dir", savepointDirectory(job).toUri().toString());
        boolean restore = definition.restore() != null && definition.restore().savepointPath() != null
                && job.attempt == 1;
        return new FlinkRestClient.JarRun(definition.entryClass(), definition.args(), job.targetParallelism,
                job.cluster.flinkJobId, restore ? definition.restore().savepointPath() : null,
                restore ? definition.restore().allowNonRestoredState() : null, conf);
    }

    /** Starts TaskManagers until the job's cluster has slots for {@code parallelism}. */
    void ensureTaskManagers(LocalJob job, int parallelism) {
        try {
            ensureTaskManagers(job.cluster, parallelism);
        } catch (IOException e) {
            throw new RuntimeUnavailableException("cannot start a TaskManager for " + job.definition.ref(), e);
        }
    }

    private void ensureTaskManagers(LocalJob.Cluster cluster, int parallelism) throws IOException {
        int needed = (parallelism + cluster.slotsPerTaskManager - 1) / cluster.slotsPerTaskManager;
        while (cluster.taskManagerPids.size() < needed) {
            int index = cluster.taskManagerPids.size() + 1;
            MemorySettings.Settings settings = memory.taskManager(taskManagerMemory(cluster.slotsPerTaskManager));
            List<String> command = jvm(cluster, settings, "taskmanager-" + index);
            command.add(TASK_MANAGER);
            command.addAll(List.of("--configDir", conf(cluster)));
            command.addAll(settings.dynamicOptions());
            cluster.taskManagerPids.add(spawn(command, Path.of(cluster.directory),
                    Path.of(cluster.directory, "log", "taskmanager-" + index + ".out")));
        }
    }

    /** Where the job's savepoints go unless a request or the job's configuration names a directory. */
    Path savepointDirectory(LocalJob job) {
        return savepoints.directory(job.definition.ref().name());
    }

    /**
     * Removes the job's directory and those of the pooled clusters it took, first moving their
     * logs aside when configured to keep them.
     */
    void removeDirectory(LocalJob job) {
        for (String pooled : job.pooledDirectories) {
            Path directory = Path.of(pooled);
            try {
                if (config.keepLogs() && Files.isDirectory(directory.resolve("log"))) {
                    Path logs = jobs.resolveSibling("logs").resolve(job.definition.ref().name());
                    Files.createDirectories(logs);
                    Files.move(directory.resolve("log"), logs.resolve(directory.getFileName()),
                            StandardCopyOption.REPLACE_EXISTING);
                }
                SavepointStore.deleteRecursively(directory);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + directory, e);
            }
        }
        Path directory = jobs.resolve(job.definition.ref().name());
        if (!Files.exists(directory)) {
            return;
        }
        try {
            if (config.keepLogs()) {
                Path logs = jobs.resolveSibling("logs").resolve(job.definition.ref().name());
                Files.createDirectories(logs);
                try (Stream<Path> attempts = Files.list(directory)) {
                    for (Path attempt : attempts.filter(p -> Files.isDirectory(p.resolve("log"))).toList()) {
                        Files.move(attempt.resolve("log"), logs.resolve(attempt.getFileName()),
                                StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            SavepointStore.deleteRecursively(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + directory, e);
        }
    }

    private Path attemptDirectory(LocalJob job) {
        return jobs.resolve(job.definition.ref().name()).resolve("attempt-" + job.attempt);
    }

    private static void createClusterDirectories(Path directory) throws IOException {
        Files.createDirectories(directory.resolve("conf"));
        Files.createDirectories(directory.resolve("log"));
        Files.createDirectories(directory.resolve("tmp"));
    }

    private Map<String, String> configuration(LocalJob job, LocalJob.Cluster cluster) {
        JobDefinition definition = job.definition;
        Map<String, String> conf = new LinkedHashMap<>(definition.flinkConfiguration());
        clusterSettings(conf, cluster);
        // A main() that throws before the job exists becomes a FAILED job carrying the exception
        // (needs the fixed --job-id), instead of a JobManager that exits with the cause only in its log.
        conf.put("execution.submit-failed-job-on-application-error", "true");
        conf.put("parallelism.default", Integer.toString(job.targetParallelism));
        conf.putIfAbsent("execution.checkpointing.interval", config.checkpointInterval().toMillis() + " ms");
        conf.putIfAbsent("execution.checkpointing.dir", Path.of(cluster.directory, "checkpoints").toUri().toString());
        conf.putIfAbsent("execution.checkpointing.savepoint-dir", savepointDirectory(job).toUri().toString());
        if (definition.restore() != null && job.attempt == 1) {
            conf.put("execution.state-recovery.path", definition.restore().savepointPath());
            conf.put("execution.state-recovery.ignore-unclaimed-state",
                    Boolean.toString(definition.restore().allowNonRestoredState()));
        }
        return conf;
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
    }

    private Map<String, String> jobManagerMemory() {
        return Map.of("jobmanager.memory.process.size", config.jobManagerProcessMemory());
    }

    private Map<String, String> taskManagerMemory(int slots) {
        return Map.of("taskmanager.memory.process.size", config.taskManagerProcessMemory(),
                "taskmanager.memory.managed.fraction", "0.1",
                "taskmanager.numberOfTaskSlots", Integer.toString(slots));
    }

    private List<String> jvm(LocalJob.Cluster cluster, MemorySettings.Settings settings, String process) {
        List<String> command = new ArrayList<>();
        command.add(config.java());
        command.addAll(settings.jvmFlags());
        command.addAll(Java17.OPENS);
        command.add("-Djava.io.tmpdir=" + Path.of(cluster.directory, "tmp"));
        command.add("-Dlog.file=" + Path.of(cluster.directory, "log", process + ".log"));
        command.add("-Dlog4j.configurationFile=" + Path.of(conf(cluster), "log4j.properties").toUri());
        command.add("-cp");
        command.add(distribution.classpath());
        return command;
    }

    private static String conf(LocalJob.Cluster cluster) {
        return Path.of(cluster.directory, "conf").toString();
    }

    /** Starts a process in the attempt's directory: a SQL job's relative filesystem paths land there. */
    private static long spawn(List<String> command, Path directory, Path output) throws IOException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
        return process.pid();
    }

    /** A fixed job id per (job, attempt): known before the JobManager runs, the same after a restart. */
    static String flinkJobId(String name, int attempt) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((name + "/" + attempt).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
