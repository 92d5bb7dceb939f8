package dev.fling.runtime.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.admission.PolicyConfig;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The local runtime's parts, wired once from its configuration: where each keeps its files under
 * the work directory, and which talks to which. {@link LocalRuntime} only routes calls to them.
 */
record LocalParts(LocalRegistry registry, SavepointStore savepoints, JarFetcher fetcher, JobDirectories directories,
        ClusterLauncher launcher, ClusterProcesses processes, ClusterFollower follower, ClusterCommands commands,
        WarmPool pool, WarmStarter warm, ClusterRest rest) {

    static LocalParts wire(LocalConfig config, int defaultSlots, PolicyConfig policy, ObjectMapper mapper) {
        Path work = Path.of(config.workDirectory());
        LocalRegistry registry = new LocalRegistry(work.resolve("registry"), mapper);
        SavepointStore savepoints = new SavepointStore(work.resolve("savepoints"), mapper, config.savepointRetention());
        FlinkDistribution distribution = FlinkDistribution.locate(config);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        ClusterRest rest = new ClusterRest(http, mapper);
        JarFetcher fetcher = new JarFetcher(http, config.allowedJarDirectories().orElseGet(() -> List.of(
                distribution.home().resolve("examples").toString(), work.resolve("jars").toString())),
                policy.allowedJarHosts());
        JobDirectories directories = new JobDirectories(work.resolve("jobs"), config.keepLogs());
        ClusterConfiguration configuration = new ClusterConfiguration(config, savepoints, directories);
        ClusterLauncher launcher = new ClusterLauncher(config, distribution, directories, configuration, fetcher,
                work.resolve("sizing"));
        ClusterProcesses processes = new ClusterProcesses();
        ClusterFollower follower = new ClusterFollower(registry, processes, rest::of,
                new LostTaskManagers(processes, launcher));
        ClusterCommands commands = new ClusterCommands(launcher, configuration, follower, registry, rest::of);
        WarmPool pool = new WarmPool(work.resolve("pool"), mapper, launcher, processes, rest::at,
                config.warmPool().size(), defaultSlots, config.warmPool().startTimeout(), config.keepLogs(),
                work.resolve("logs"),
                new PoolWarmUp(config.warmPool().warmUp() ? distribution.examples() : Optional.empty()));
        WarmStarter warm = new WarmStarter(launcher, pool, registry, rest::of, mapper);
        follower.sendWarmJobsWith(warm);
        return new LocalParts(registry, savepoints, fetcher, directories, launcher, processes, follower, commands,
                pool, warm, rest);
    }
}
