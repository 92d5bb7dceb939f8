package dev.fling.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Everything a Fling operator can tune, in one typed tree under {@code fling.*}. */
@ConfigMapping(prefix = "fling")
public interface FlingConfig {

    /** Which runtime runs the application clusters: local processes (the embedded default) or the operator. */
    @WithDefault("local")
    RuntimeKind runtime();

    /** What a launch gets when it leaves a field out. */
    Defaults defaults();

    /** What a request may ask for. */
    Policy policy();

    /** How lifecycle events are written. */
    Events events();

    /** How jobs are followed after launch. */
    Tracking tracking();

    /** Settings of the Flink Kubernetes Operator runtime. */
    Operator operator();

    /** Settings of the local runtime (application clusters as processes on this machine). */
    Local local();

    /** The HTTP sink lifecycle events also go to (Knative SinkBinding). */
    Sink sink();

    /** CloudEvents over HTTP and the query API: who may call, how much at once. */
    Http http();

    /** How requests from Kafka are worked on. */
    Dispatch dispatch();

    /**
     * Requests from Kafka are dispatched in lanes: those about one job in one lane, in the order
     * they arrived, lanes side by side. Offsets are committed only up to the oldest request not yet done.
     */
    interface Dispatch {
        /**
         * Lanes working at once (the local runtime, which starts clusters in arrival order, uses one).
         * A lane spends most of a launch waiting for the API server and then the broker; with 8,
         * Fling dispatched at about 0.55x the rate of a plain consumer loop (scripts/bench), with 32
         * at about 0.9x.
         */
        @WithDefault("32")
        int lanes();

        /** Requests taken from Kafka and not yet done, at most; then the consumer waits. */
        @WithDefault("256")
        int maxInFlight();
    }

    /** Several instances side by side: which one reports transitions and runs the timers. */
    Ha ha();

    /** Settings of the HTTP endpoints ({@code POST /}, {@code /jobs}). */
    interface Http {
        /** Requests handled at once on {@code POST /}; more get 429 with Retry-After. */
        @WithDefault("64")
        int maxInFlight();

        /** Who may send requests and query jobs. */
        Auth auth();
    }

    /** Authentication of HTTP callers (health, metrics and OpenAPI under /q stay open). */
    interface Auth {
        /** none, token (a shared bearer token) or token-review (Kubernetes service-account or OIDC tokens). */
        @WithDefault("none")
        AuthMode mode();

        /** Bearer tokens accepted in mode token (from a Secret, comma-separated). */
        Optional<List<String>> tokens();

        /** Audience a token must be meant for in mode token-review; none: the API server's default. */
        Optional<String> audience();

        /**
         * Users (e.g. system:serviceaccount:knative-eventing:*) allowed in mode token-review; a
         * trailing * matches any rest. Authenticated but not listed: 403.
         */
        @WithDefault("*")
        List<String> allowedSubjects();

        /** How long a reviewed token's answer is reused. */
        @WithDefault("60s")
        Duration cacheFor();
    }

    /** How HTTP callers prove who they are. */
    enum AuthMode {
        none,
        token,
        /** Written token-review in configuration. */
        token_review
    }

    /** Leader election through a Kubernetes Lease (operator runtime only). */
    interface Ha {
        /** Run several instances: tracking, deadlines and time-to-live on the lease holder only. */
        @WithDefault("false")
        boolean enabled();

        /** The Lease's name. */
        @WithDefault("fling-leader")
        String leaseName();

        /** The Lease's namespace: where Fling runs. */
        @WithDefault("${POD_NAMESPACE:default}")
        String namespace();

        /** This instance's name in the Lease; the pod name by default. */
        Optional<String> identity();

        /** How long a lease holds without renewal; a crashed leader is replaced after this. */
        @WithDefault("15s")
        Duration leaseDuration();

        /** How long the leader keeps trying to renew before it steps down. */
        @WithDefault("10s")
        Duration renewDeadline();

        /** How often candidates try to take the lease and the leader renews it. */
        @WithDefault("2s")
        Duration retryPeriod();
    }

    /** Where and how lifecycle events are also POSTed, besides Kafka. */
    interface Sink {
        /** The sink's URL; a SinkBinding injects it as K_SINK. None: no HTTP copy. */
        @WithDefault("${K_SINK:}")
        Optional<String> url();

        /** Attributes to set on every event sent there, as a SinkBinding injects them (K_CE_OVERRIDES). */
        @WithDefault("${K_CE_OVERRIDES:}")
        Optional<String> ceOverrides();

        /** Events waiting for the sink at most; more are dropped (they are on Kafka). */
        @WithDefault("10000")
        int queueSize();

        /** Deliveries of one event at most. */
        @WithDefault("5")
        int maxAttempts();

        /** Wait before the second delivery; doubled each time. */
        @WithDefault("200ms")
        Duration initialBackoff();
    }

    /** Values used when a launch request leaves them out. */
    interface Defaults {
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

    /** Limits a request must stay within; violations are rejected, never clamped. */
    interface Policy {
        /** Namespaces jobs may be launched in. */
        @WithDefault("default")
        List<String> allowedNamespaces();

        /** Image prefixes a launch may use (a prefix of "" allows any image). */
        @WithDefault("flink:,apache/flink:")
        List<String> allowedImagePrefixes();

        /** URI schemes a jarURI may use; an absolute path counts as scheme "file". */
        @WithDefault("local,http,https,s3,s3a,gs,abfss,file")
        List<String> allowedJarSchemes();

        /**
         * Flink configuration keys (or key prefixes, ending in '.') a request may not set:
         * whatever reaches outside the job's own pods.
         */
        @WithDefault("kubernetes.,env.,containerized.,security.,high-availability,$internal.,"
                + "pipeline.classpaths,pipeline.jars,metrics.reporter.,metrics.reporters,"
                + "jobmanager.rpc.,rest.,blob.server.port,taskmanager.rpc.port,web.upload.dir,"
                + "execution.shutdown-on-application-finish,plugin")
        List<String> forbiddenConfigurationKeys();

        /** Highest parallelism a job may ask for. */
        @WithDefault("64")
        int maxParallelism();

        /** Most CPU one JobManager or TaskManager may ask for. */
        @WithDefault("8")
        double maxCpu();

        /** Most memory one JobManager or TaskManager may ask for. */
        @WithDefault("16g")
        String maxMemory();

        /** Longest deadline a job may ask for, in seconds. */
        @WithDefault("604800")
        long maxDeadlineSeconds();
    }

    /** How lifecycle events look on the wire. */
    interface Events {
        /** The {@code source} attribute of every event Fling emits. */
        @WithDefault("/fling")
        String source();

        /** Base URI the {@code dataschema} attribute is built from (schema file name appended). */
        @WithDefault("https://fling.dev/events-schema/")
        String schemaBaseUri();
    }

    /** Timers that drive deadlines, retries and clean-up. */
    interface Tracking {
        /** How often deadlines, retries and time-to-live are checked. */
        @WithDefault("1s")
        Duration sweepInterval();
    }

    /** The Flink Kubernetes Operator runtime. */
    interface Operator {
        /** Service account the Flink pods run as (must exist in each allowed namespace). */
        @WithDefault("flink")
        String serviceAccount();

        /** Operator deployment mode of the clusters (native or standalone). */
        @WithDefault("native")
        String mode();

        /**
         * How the operator carries state across a rescale or retry: savepoint, last-state or
         * stateless. savepoint needs a savepoint directory (below, or the operator's defaults).
         */
        @WithDefault("savepoint")
        String upgradeMode();

        /** Savepoint directory (state.savepoints.dir) given to every job, unless its request sets one. */
        Optional<String> savepointDirectory();
    }

    /** The local runtime: one JobManager and its TaskManagers per job, as processes of this machine. */
    interface Local {
        /** Where jobs get their directories (config, logs, temp files, savepoints) and the registry lives. */
        @WithDefault("${user.home}/.fling/local")
        String workDirectory();

        /**
         * The Flink distribution: a directory holding lib/ (and examples/). By default the one the
         * build ships beside Fling (target/quarkus-app/flink).
         */
        Optional<String> flinkHome();

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
    }

    /** The runtimes Fling can run jobs on. */
    enum RuntimeKind {
        /** A FlinkDeployment per job for the Apache Flink Kubernetes Operator. */
        operator,
        /** Real Flink application clusters as processes of this machine. */
        local
    }
}
