package dev.fling.runtime.local;

import dev.fling.runtime.JobDefinition;
import dev.fling.runtime.RuntimeUnavailableException;
import dev.fling.runtime.rest.FlinkRestClient;
import dev.fling.runtime.rest.FlinkRestModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

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
    private final JobDirectories directories;
    private final ClusterConfiguration configuration;
    private final JarFetcher fetcher;
    private final MemorySettings memory;
    private final ClassArchives archives;
    private final LocalPorts ports = new LocalPorts();

    ClusterLauncher(LocalConfig config, FlinkDistribution distribution, JobDirectories directories,
            ClusterConfiguration configuration, JarFetcher fetcher, Path sizing) {
        this.config = config;
        this.distribution = distribution;
        this.directories = directories;
        this.configuration = configuration;
        this.fetcher = fetcher;
        this.memory = new MemorySettings(config.java(), distribution, sizing);
        this.archives = ClassArchives.of(Path.of(config.workDirectory(), "class-archives"), config.java(), distribution,
                config.startUp().classArchives());
    }

    Optional<String> problem() {
        return distribution.problem();
    }

    /** Has Flink size the default processes ahead of the first launch (about a second saved on it). */
    void warmUp(int slots) {
        if (distribution.problem().isEmpty()) {
            memory.jobManager(configuration.jobManagerMemory());
            memory.taskManager(configuration.taskManagerMemory(slots));
        }
    }

    LocalJob.Cluster start(LocalJob job) {
        JobDefinition definition = job.definition;
        Path directory = directories.attempt(job);
        try {
            JobDirectories.createClusterDirectories(directory);
            JobProgram program = JobProgram.of(definition, directory, fetcher, distribution);

            LocalJob.Cluster cluster = new LocalJob.Cluster();
            cluster.directory = directory.toAbsolutePath().toString();
            cluster.restPort = ports.next();
            cluster.rpcPort = ports.next();
            cluster.flinkJobId = flinkJobId(definition.ref().name(), job.attempt);
            cluster.slotsPerTaskManager = definition.taskSlots();
            ClusterFiles.writeConfig(directory.resolve("conf").resolve("config.yaml"), configuration.application(job, cluster));
            ClusterFiles.writeLog4j(directory.resolve("conf").resolve("log4j.properties"));

            ClassArchives.Plan archive = archives.plan(JOB_MANAGER);
            List<String> command = jvm(cluster, memory.jobManager(configuration.jobManagerMemory()), "jobmanager", archive);
            command.add(JOB_MANAGER);
            command.addAll(List.of("--configDir", conf(cluster)));
            command.addAll(memory.jobManager(configuration.jobManagerMemory()).dynamicOptions());
            if (program.entryClass() != null) {
                command.addAll(List.of("--job-classname", program.entryClass()));
            }
            command.addAll(List.of("--jars", program.jar().toAbsolutePath().toUri().toString(),
                    "--job-id", cluster.flinkJobId));
            command.add("--");
            command.addAll(program.args());
            cluster.jobManagerPid = spawn(command, directory, directory.resolve("log").resolve("jobmanager.out"),
                    JOB_MANAGER, archive);
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
            JobDirectories.createClusterDirectories(directory);
            LocalJob.Cluster cluster = new LocalJob.Cluster();
            cluster.directory = directory.toAbsolutePath().toString();
            cluster.restPort = ports.next();
            cluster.rpcPort = ports.next();
            cluster.slotsPerTaskManager = slots;
            ClusterFiles.writeConfig(directory.resolve("conf").resolve("config.yaml"), configuration.session(cluster));
            ClusterFiles.writeLog4j(directory.resolve("conf").resolve("log4j.properties"));
            ClassArchives.Plan archive = archives.plan(SESSION_JOB_MANAGER);
            List<String> command = jvm(cluster, memory.jobManager(configuration.jobManagerMemory()), "jobmanager", archive);
            command.add(SESSION_JOB_MANAGER);
            command.addAll(List.of("--configDir", conf(cluster)));
            command.addAll(memory.jobManager(configuration.jobManagerMemory()).dynamicOptions());
            cluster.jobManagerPid = spawn(command, directory, directory.resolve("log").resolve("jobmanager.out"),
                    SESSION_JOB_MANAGER, archive);
            ensureTaskManagers(cluster, slots);
            return cluster;
        } catch (IOException e) {
            throw new RuntimeUnavailableException("cannot start a pooled cluster in " + directory + ": " + e, e);
        }
    }

    /** Fetches the job's jar into its attempt's directory, for a pooled cluster to be sent. */
    Path fetchJar(LocalJob job) {
        Path directory = directories.attempt(job);
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
    FlinkRestModel.JarRun jarRun(LocalJob job) {
        JobDefinition definition = job.definition;
        boolean restore = definition.restore() != null && definition.restore().savepointPath() != null
                && job.attempt == 1;
        return new FlinkRestModel.JarRun(definition.entryClass(), definition.args(), job.targetParallelism,
                job.cluster.flinkJobId, restore ? definition.restore().savepointPath() : null,
                restore ? definition.restore().allowNonRestoredState() : null, configuration.jobLevel(job));
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
            // Numbered by how many this cluster ever started, so that a replacement never takes a live one's id.
            int number = Math.max(cluster.taskManagersStarted, cluster.taskManagerPids.size()) + 1;
            cluster.taskManagersStarted = number;
            String id = IdleTaskManagers.resourceId(number);
            MemorySettings.Settings settings = memory.taskManager(configuration.taskManagerMemory(cluster.slotsPerTaskManager));
            ClassArchives.Plan archive = archives.plan(TASK_MANAGER);
            List<String> command = jvm(cluster, settings, id, archive);
            command.add(TASK_MANAGER);
            command.addAll(List.of("--configDir", conf(cluster)));
            command.addAll(settings.dynamicOptions());
            // The autoscaler tells an idle TaskManager's process by it.
            command.addAll(List.of("-D", "taskmanager.resource-id=" + id));
            long pid = spawn(command, Path.of(cluster.directory), Path.of(cluster.directory, "log", id + ".out"),
                    TASK_MANAGER, archive);
            cluster.taskManagerPids.add(pid);
            cluster.taskManagerIds.put(pid, id);
        }
    }

    private List<String> jvm(LocalJob.Cluster cluster, MemorySettings.Settings settings, String process,
            ClassArchives.Plan archive) {
        List<String> command = new ArrayList<>();
        command.add(config.java());
        command.addAll(settings.jvmFlags());
        command.addAll(archive.flags());
        if (process.equals("jobmanager") && config.startUp().jobManagerC1Only()) {
            // The JobManager coordinates and runs no operator: C1's quick code serves it, and the
            // optimizing compiler's start-up work on two cores was a second of a cold start.
            command.add("-XX:TieredStopAtLevel=1");
        }
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

    /**
     * Starts a process in the attempt's directory: a SQL job's relative filesystem paths land there.
     * One that writes its kind's class archive hands it over when it exits.
     */
    private long spawn(List<String> command, Path directory, Path output, String entryClass, ClassArchives.Plan archive)
            throws IOException {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
        } catch (IOException e) {
            archives.exited(entryClass, archive, -1);
            throw e;
        }
        if (archive.writes().isPresent()) {
            process.onExit().thenAcceptAsync(exited -> archives.exited(entryClass, archive, exited.exitValue()));
        }
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
