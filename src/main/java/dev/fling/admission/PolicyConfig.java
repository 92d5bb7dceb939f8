package dev.fling.admission;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/**
 * What a request may ask for: limits a request must stay within; violations are rejected, never
 * clamped. The operator runtime also watches the allowed namespaces.
 */
@ConfigMapping(prefix = "fling.policy")
public interface PolicyConfig {

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
     * Hosts an http(s) jarURI may name: names, "*.suffix" patterns, or "*" for any host; loopback,
     * link-local and cloud metadata addresses only when named here exactly (see JarSources).
     */
    @WithDefault("*")
    List<String> allowedJarHosts();

    /**
     * Flink configuration keys (or key prefixes, ending in '.') a request may not set:
     * whatever reaches outside the job's own pods.
     */
    @WithDefault("kubernetes.,env.,containerized.,security.,high-availability,$internal.,"
            + "pipeline.classpaths,pipeline.jars,metrics.reporter.,metrics.reporters,"
            + "jobmanager.rpc.,rest.,blob.server.port,taskmanager.rpc.port,web.upload.dir,"
            + "execution.shutdown-on-application-finish,plugin")
    List<String> forbiddenConfigurationKeys();

    /**
     * Connectors a SQL launch's tables may use ({@code 'connector' = '...'}); a filesystem table's
     * path must stay inside the job's own directory.
     */
    @WithDefault("datagen,print,blackhole,filesystem,kafka,upsert-kafka")
    List<String> allowedConnectors();

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

    /** Highest priority a launch may carry (0 to 9). */
    @WithDefault("9")
    int maxPriority();
}
