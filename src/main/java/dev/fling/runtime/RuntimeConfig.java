package dev.fling.runtime;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Which runtime runs the jobs, read by {@link RuntimeFactory} alone. Its prefix is the root
 * {@code fling}, so that a key under no group of Fling's (a misspelt {@code fling.polcy...})
 * still fails the start instead of being ignored.
 */
@ConfigMapping(prefix = "fling")
public interface RuntimeConfig {

    /** Which runtime runs the application clusters: local processes (the embedded default) or the operator. */
    @WithDefault("local")
    RuntimeKind runtime();

    /** The runtimes Fling can run jobs on. */
    enum RuntimeKind {
        /** A FlinkDeployment per job for the Apache Flink Kubernetes Operator. */
        operator,
        /** Real Flink application clusters as processes of this machine. */
        local
    }
}
