package dev.fling.admission;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * What a launch gets when it leaves a field out. The local runtime also sizes its TaskManagers
 * ahead of the first launch by the default slots.
 */
@ConfigMapping(prefix = "fling.defaults")
public interface DefaultsConfig {

    /** Namespace for a launch that names none. */
    @WithDefault("default")
    String namespace();

    /** Container image for a launch that names none. */
    @WithDefault("flink:1.20")
    String image();

    /** Operator-style Flink version (v1_20, v2_0, ...) for a launch that names none. */
    @WithDefault("v1_20")
    String flinkVersion();

    /** Parallelism for a launch that names none. */
    @WithDefault("1")
    int parallelism();

    /** Seconds a finished job's cluster is kept before it is deleted. */
    @WithDefault("3600")
    long ttlSecondsAfterFinished();

    /** JobManager CPU. */
    @WithDefault("1")
    double jobManagerCpu();

    /** JobManager memory (Flink or Kubernetes notation). */
    @WithDefault("1024m")
    String jobManagerMemory();

    /** TaskManager CPU. */
    @WithDefault("1")
    double taskManagerCpu();

    /** TaskManager memory (Flink or Kubernetes notation). */
    @WithDefault("1024m")
    String taskManagerMemory();

    /** Task slots per TaskManager. */
    @WithDefault("1")
    int taskManagerSlots();
}
