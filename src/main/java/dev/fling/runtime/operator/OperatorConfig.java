package dev.fling.runtime.operator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of the Flink Kubernetes Operator runtime. The modes are enums: a value the operator
 * would not take fails Fling's start, in the operator's own spelling or in upper case.
 */
@ConfigMapping(prefix = "fling.operator")
public interface OperatorConfig {

    /** Service account the Flink pods run as (must exist in each allowed namespace). */
    @WithDefault("flink")
    String serviceAccount();

    /** Operator deployment mode of the clusters (native or standalone). */
    @WithDefault("native")
    DeploymentMode mode();

    /**
     * How the operator carries state across a rescale or retry: savepoint, last-state or
     * stateless. savepoint needs a savepoint directory (below, or the operator's defaults).
     */
    @WithDefault("savepoint")
    UpgradeMode upgradeMode();

    /** Savepoint directory (state.savepoints.dir) given to every job, unless its request sets one. */
    Optional<String> savepointDirectory();

    /**
     * Where Fling's SQL runner (fling-sql-runner.jar, built by flink-local/) is in the job image; a
     * SQL launch runs it with the script as its argument.
     */
    @WithDefault("local:///opt/flink/usrlib/fling-sql-runner.jar")
    String sqlRunnerJar();

    /**
     * A watch of FlinkDeployments that delivered nothing for this long after Fling's own create,
     * patch or delete in its namespace is taken as stalled (a connection gone silent without a reset)
     * and Fling lists and watches again; the client would otherwise notice only at its watch
     * timeout, 5 to 10 minutes later. 0 turns the check off.
     */
    @WithDefault("60s")
    Duration watchEchoWithin();

    /** Session FlinkDeployments kept ready for launches to take (docs/kubernetes.md, "Warm pool"). */
    WarmPool warmPool();

    /** {@code fling.operator.warm-pool.*}. */
    interface WarmPool {

        /**
         * Ready session deployments kept per allowed namespace, with the default image, Flink version,
         * resources and slots (fling.defaults.*); 0 keeps none and every launch starts cold.
         */
        @WithDefault("0")
        int size();

        /** How long a pooled deployment may take to become ready before it is deleted and replaced. */
        @WithDefault("300s")
        Duration startTimeout();
    }

    /** How the operator deploys a cluster ({@code spec.mode}). */
    enum DeploymentMode {
        NATIVE("native"),
        STANDALONE("standalone");

        private final String value;

        DeploymentMode(String value) {
            this.value = value;
        }

        /** As the FlinkDeployment spells it. */
        public String value() {
            return value;
        }
    }

    /** How the operator carries a job's state across an upgrade ({@code spec.job.upgradeMode}). */
    enum UpgradeMode {
        SAVEPOINT("savepoint"),
        LAST_STATE("last-state"),
        STATELESS("stateless");

        private final String value;

        UpgradeMode(String value) {
            this.value = value;
        }

        /** As the FlinkDeployment spells it. */
        public String value() {
            return value;
        }
    }
}
