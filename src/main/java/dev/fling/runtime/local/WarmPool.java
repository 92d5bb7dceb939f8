package dev.fling.runtime.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.runtime.JobDefinition;
import dev.fling.runtime.RuntimeUnavailableException;
import dev.fling.runtime.rest.FlinkRestClient;
import dev.fling.runtime.rest.FlinkRestModel;
import dev.fling.runtime.rest.FlinkRestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The local warm pool: idle session clusters started ahead of the launches that take them, one
 * registry file each beside its directory under {@code <work directory>/pool/}, so that a
 * restarted Fling finds them. A pooled cluster whose processes died, or that does not become
 * ready in time, is taken down and replaced, never handed out. Used by the poller thread only;
 * the counts may be read from anywhere.
 */
final class WarmPool {

    private static final Logger LOG = Logger.getLogger(WarmPool.class);

    private final Path directory;
    private final ObjectMapper mapper;
    private final ClusterLauncher launcher;
    private final ClusterProcesses processes;
    private final IntFunction<FlinkRestClient> restAt;
    private final int size;
    private final int slots;
    private final Duration startTimeout;
    private final boolean keepLogs;
    private final Path logs;
    private final PoolWarmUp warmUp;
    private final Map<String, PooledCluster> clusters = new ConcurrentHashMap<>();
    private volatile String problem;

    WarmPool(Path directory, ObjectMapper mapper, ClusterLauncher launcher, ClusterProcesses processes,
            IntFunction<FlinkRestClient> restAt, int size, int slots, Duration startTimeout, boolean keepLogs,
            Path logs, PoolWarmUp warmUp) {
        this.directory = directory;
        this.mapper = mapper;
        this.launcher = launcher;
        this.processes = processes;
        this.restAt = restAt;
        this.size = size;
        this.slots = slots;
        this.startTimeout = startTimeout;
        this.keepLogs = keepLogs;
        this.logs = logs;
        this.warmUp = warmUp;
    }

    int size() {
        return size;
    }

    /** Pooled clusters, starting or ready. */
    int count() {
        return clusters.size();
    }

    int starting() {
        return (int) clusters.values().stream().filter(c -> !c.ready).count();
    }

    /** Why the pool cannot keep clusters ready, if it cannot (launches go cold meanwhile). */
    Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /**
     * Finds the pooled clusters left by an earlier run of Fling: those a job took (its registry
     * names their directory) are the job's now; the others are kept if every process still runs,
     * taken down otherwise.
     */
    void load(Set<String> takenDirectories) {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                PooledCluster pooled;
                try {
                    pooled = mapper.readValue(file.toFile(), PooledCluster.class);
                } catch (IOException e) {
                    LOG.errorf("pooled cluster entry %s cannot be read (%s); leaving it alone", file, e.getMessage());
                    continue;
                }
                if (takenDirectories.contains(pooled.cluster.directory)) {
                    Files.deleteIfExists(file); // taken by a job just before Fling stopped
                } else if (processes.allAlive(pooled.cluster)) {
                    clusters.put(pooled.id, pooled);
                    LOG.infof("warm pool: kept pooled cluster %s (REST port %d)", pooled.id, pooled.cluster.restPort);
                } else {
                    discard(pooled, "its processes were gone when Fling started again");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A ready pooled cluster the job fits, left in the pool until {@link #handedOver}. */
    Optional<PooledCluster> fitting(JobDefinition definition) {
        return clusters.values().stream().filter(c -> c.ready).filter(c -> processes.allAlive(c.cluster))
                .filter(c -> WarmFit.whyNot(definition, c.cluster.slotsPerTaskManager).isEmpty())
                .min(Comparator.comparingLong(c -> c.startedAtMillis));
    }

    /** The cluster belongs to a job now (whose registry entry names it already): no longer the pool's. */
    void handedOver(PooledCluster pooled) {
        clusters.remove(pooled.id);
        try {
            Files.deleteIfExists(entry(pooled.id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Takes down one pooled cluster, one still starting first, to give its place to {@code reason}. */
    void giveUpOne(String reason) {
        clusters.values().stream().min(Comparator.comparing((PooledCluster c) -> c.ready)
                .thenComparing(c -> -c.startedAtMillis))
                .ifPresent(pooled -> discard(pooled, reason));
    }

    /**
     * Looks after the pooled clusters: takes down those whose processes died or that did not become
     * ready in time, and marks ready those whose TaskManager registered with its slots free.
     */
    void maintain(long now) {
        for (PooledCluster pooled : clusters.values()) {
            if (!processes.allAlive(pooled.cluster)) {
                String which = processes.jobManagerAlive(pooled.cluster) ? "a TaskManager" : "its JobManager";
                discard(pooled, which + " died" + JobManagerLog.lastError(pooled.cluster)
                        .map(e -> " (the JobManager's last error: " + e + ")").orElse(""));
                continue;
            }
            if (pooled.ready) {
                continue;
            }
            try {
                if (becameReady(pooled, now)) {
                    continue;
                }
            } catch (IOException e) {
                // still starting
            }
            if (now - pooled.startedAtMillis > startTimeout.toMillis()) {
                problem = "a pooled cluster was not ready after " + startTimeout.toSeconds() + " s (see "
                        + pooled.cluster.directory + "/log); launches start clusters of their own meanwhile";
                discard(pooled, "it was not ready after " + startTimeout.toSeconds() + " s");
            }
        }
    }

    /**
     * Takes a starting cluster one step further: once its TaskManager registered with its slots
     * free, its warm-up job is sent; once that ended and the slots are free again, it is ready.
     */
    private boolean becameReady(PooledCluster pooled, long now) throws IOException {
        FlinkRestClient rest = restAt.apply(pooled.cluster.restPort);
        if (pooled.warmUpJobId != null && !pooled.warmedUp
                && warmUp.progress(rest, pooled.warmUpJobId) == PoolWarmUp.Progress.ENDED) {
            pooled.warmedUp = true;
            save(pooled);
            LOG.infof("warm pool: cluster %s warmed up", pooled.id);
        }
        FlinkRestModel.Overview overview = rest.overview();
        boolean registered = overview.taskManagers() >= 1
                && overview.slotsAvailable() >= pooled.cluster.slotsPerTaskManager;
        switch (PoolWarmUp.next(registered, warmUp.enabled(), pooled.warmUpJobId != null, pooled.warmedUp)) {
            case SEND -> {
                try {
                    pooled.warmUpJobId = warmUp.send(rest);
                } catch (FlinkRestException e) {
                    // Fling's own job refused: the cluster serves as it is, only not warmed up.
                    LOG.warnf("warm pool: cluster %s did not take its warm-up job (%s); ready without it", pooled.id,
                            e.getMessage());
                    pooled.warmUpJobId = "refused";
                    pooled.warmedUp = true;
                }
                save(pooled);
                return false;
            }
            case READY -> {
                pooled.ready = true;
                problem = null;
                save(pooled);
                LOG.infof("warm pool: cluster %s ready in %d ms", pooled.id, now - pooled.startedAtMillis);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** Starts one more pooled cluster. */
    void startOne(long now) {
        String id = "pooled-" + now + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
        PooledCluster pooled = new PooledCluster();
        pooled.id = id;
        pooled.startedAtMillis = now;
        try {
            pooled.cluster = launcher.startSession(directory.resolve(id), slots);
        } catch (RuntimeUnavailableException e) {
            problem = "the warm pool cannot start a cluster: " + e.getMessage();
            LOG.warnf("warm pool: %s; launches start clusters of their own meanwhile", problem);
            return;
        }
        clusters.put(id, pooled);
        save(pooled);
        LOG.infof("warm pool: starting cluster %s (REST port %d)", id, pooled.cluster.restPort);
    }

    private void discard(PooledCluster pooled, String reason) {
        LOG.infof("warm pool: taking cluster %s down: %s", pooled.id, reason);
        clusters.remove(pooled.id);
        if (pooled.cluster != null) {
            processes.stopAll(pooled.cluster);
        }
        try {
            Files.deleteIfExists(entry(pooled.id));
            Path log = directory.resolve(pooled.id).resolve("log");
            if (keepLogs && Files.isDirectory(log)) { // why it was taken down may be in there
                Path kept = logs.resolve("pool");
                Files.createDirectories(kept);
                Files.move(log, kept.resolve(pooled.id), StandardCopyOption.REPLACE_EXISTING);
            }
            SavepointStore.deleteRecursively(directory.resolve(pooled.id));
        } catch (IOException e) {
            LOG.warnf("warm pool: cannot remove the directory of %s (%s)", pooled.id, e.getMessage());
        }
    }

    private void save(PooledCluster pooled) {
        try {
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, pooled.id, ".tmp");
            mapper.writeValue(temporary.toFile(), pooled);
            Files.move(temporary, entry(pooled.id), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the pool entry of " + pooled.id, e);
        }
    }

    private Path entry(String id) {
        return directory.resolve(id + ".json");
    }
}
