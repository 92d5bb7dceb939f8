package dev.fling.runtime.local;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the local runtime: one JobManager and its TaskManagers per job, as processes of this machine. */
@ConfigMapping(prefix = "fling.local")
public interface LocalConfig {

    /** Where jobs get their directories (config, logs, temp files, savepoints) and the registry lives. */
    @WithDefault("${user.home}/.fling/local")
    String workDirectory();

    /**
     * The Flink distribution: a directory holding lib/ (and examples/). By default the one the
     * build ships beside Fling (target/quarkus-app/flink).
     */
    Optional<String> flinkHome();

    /**
     * Directories a jar named by path, file:// or local:// may be read from (symbolic links and
     * '..' resolved before the check). By default the distribution's examples/ and the work
     * directory's jars/.
     */
    Optional<java.util.List<String>> allowedJarDirectories();

    /** Most application clusters running at once; each costs about half a gigabyte. */
    @WithDefault("2")
    int maxClusters();

    /** JobManager process size (jobmanager.memory.process.size). */
    @WithDefault("768m")
    String jobManagerProcessMemory();

    /** TaskManager process size (taskmanager.memory.process.size). */
    @WithDefault("1g")
    String taskManagerProcessMemory();

    /** Checkpoint interval of every job (in-place rescaling restores from the latest checkpoint). */
    @WithDefault("2s")
    Duration checkpointInterval();

    /**
     * How long a savepoint in {@code <work directory>/savepoints/} is kept; unset keeps every
     * savepoint until you delete it. The time-to-live of a job never removes its savepoints.
     */
    Optional<Duration> savepointRetention();

    /** Keep a job's logs when its directory is removed after the time-to-live. */
    @WithDefault("true")
    boolean keepLogs();

    /** How often running clusters are asked for their jobs' state. */
    @WithDefault("250ms")
    Duration pollInterval();

    /** The java executable the clusters run with. */
    @WithDefault("${java.home}/bin/java")
    String java();

    /** How JobManagers and TaskManagers start (docs/local-runtime.md#start-up). */
    StartUp startUp();

    /** JVM settings that shorten a cluster's start without changing what its job does. */
    interface StartUp {

        /**
         * Start JobManagers and TaskManagers from an AppCDS archive of the classes their kind loads,
         * written by the first process of each kind when it exits and kept in the work directory's
         * class-archives/ (about 60 MB a kind, made again for another JDK or Flink distribution).
         */
        @WithDefault("true")
        boolean classArchives();

        /**
         * JobManagers compile with C1 only (-XX:TieredStopAtLevel=1): they coordinate and run no
         * operator, and start sooner without the optimizing compiler; TaskManagers keep it.
         */
        @WithDefault("true")
        boolean jobManagerC1Only();
    }

    /** Idle, pre-started clusters that launches take instead of starting one (docs/local-runtime.md#warm-pool). */
    WarmPool warmPool();

    /** The local warm pool. */
    interface WarmPool {

        /**
         * Idle clusters (a JobManager in session mode and one TaskManager, about 0.5 GB resident)
         * kept ready; 0 turns the pool off. Each counts against max-clusters, and gives up its
         * place to a launch that would otherwise wait.
         */
        @WithDefault("1")
        int size();

        /** A pooled cluster not ready after this long is taken down and started again. */
        @WithDefault("120s")
        Duration startTimeout();

        /**
         * Run a short job of Fling's own (the distribution's bounded word count) on each pooled
         * cluster before it is handed out, so that a warm launch does not pay for loading and
         * compiling Flink's code; the job shows as finished in the cluster's Flink web UI.
         */
        @WithDefault("true")
        boolean warmUp();
    }
}
