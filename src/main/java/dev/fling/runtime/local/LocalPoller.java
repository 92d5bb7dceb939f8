package dev.fling.runtime.local;

import dev.fling.runtime.JobListener;
import dev.fling.runtime.JobObservation;
import dev.fling.runtime.JobObservation.Phase;
import dev.fling.runtime.JobRecord;
import dev.fling.runtime.LaunchPhases;
import dev.fling.runtime.RuntimeRefusedException;
import dev.fling.runtime.RuntimeUnavailableException;
import dev.fling.runtime.local.LocalJob.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The local runtime's one thread, {@code fling-local-runtime}: every poll interval (and at once
 * after a launch or restart) it looks after the warm pool, starts the clusters waiting while there
 * is room (taking pooled ones where they fit, {@link LocalCapacity}), refills the pool, follows
 * every cluster, and hands what it saw to the listener. Rounds never overlap.
 */
final class LocalPoller {

    private static final Logger LOG = Logger.getLogger(LocalPoller.class);
    /** How long the pool's refill waits at most for a job that took a pooled cluster to run. */
    private static final Duration WARM_START_ALONE = Duration.ofSeconds(30);

    private final Map<String, LocalJob> jobs;
    private final int maxClusters;
    private final ClusterLauncher launcher;
    private final ClusterFollower follower;
    private final LocalRegistry registry;
    private final WarmPool pool;
    private final WarmStarter warm;
    private final JobListener listener;
    private volatile boolean caughtUp;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "fling-local-runtime");
        thread.setDaemon(true);
        return thread;
    });

    LocalPoller(Map<String, LocalJob> jobs, int maxClusters, ClusterLauncher launcher, ClusterFollower follower,
            LocalRegistry registry, WarmPool pool, WarmStarter warm, JobListener listener) {
        this.jobs = jobs;
        this.maxClusters = maxClusters;
        this.launcher = launcher;
        this.follower = follower;
        this.registry = registry;
        this.pool = pool;
        this.warm = warm;
        this.listener = listener;
    }

    /** Runs {@code first} once, then polls every {@code every}, and {@code everyMinute} each minute. */
    void start(Duration every, Runnable first, Runnable everyMinute) {
        executor.execute(first);
        executor.scheduleWithFixedDelay(this::poll, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        executor.scheduleWithFixedDelay(everyMinute, 0, 1, TimeUnit.MINUTES);
    }

    void stop() {
        executor.shutdownNow();
    }

    /** Whether a round has handed every job to the listener. */
    boolean caughtUp() {
        return caughtUp;
    }

    /** Polls now rather than at the next tick: every poll interval saved is latency. */
    void pollSoon() {
        executor.execute(this::poll);
    }

    /**
     * Starts what may start, reads every cluster (each under its job's monitor only), then tells
     * the listener. Runs on the poller thread only, so rounds never overlap.
     */
    private void poll() {
        List<Map.Entry<JobRecord, JobObservation>> seen = new ArrayList<>();
        try {
            pool.maintain(System.currentTimeMillis()); // before any is handed out: a dead one never is
        } catch (RuntimeException e) {
            LOG.errorf(e, "the warm pool could not be looked after; trying again");
        }
        try {
            startQueued();
        } catch (RuntimeException e) {
            LOG.errorf(e, "the local runtime could not start the clusters waiting; trying again");
        }
        try {
            refillPool();
        } catch (RuntimeException e) {
            LOG.errorf(e, "the warm pool could not start a cluster; trying again");
        }
        for (LocalJob job : jobs.values()) {
            try {
                synchronized (job) {
                    if (jobs.get(job.definition.ref().name()) != job) {
                        continue; // deleted meanwhile
                    }
                    for (JobObservation observation : follower.follow(job)) {
                        seen.add(Map.entry(job.record(), observation));
                    }
                }
            } catch (RuntimeException e) {
                LOG.errorf(e, "the local runtime could not read job %s; trying again", job.definition.ref());
            }
        }
        for (Map.Entry<JobRecord, JobObservation> entry : seen) {
            try {
                listener.observed(entry.getKey(), entry.getValue());
            } catch (RuntimeException e) {
                LOG.warnf(e, "could not process the state of %s", entry.getKey().ref());
            }
        }
        caughtUp = true;
    }

    /**
     * Starts queued clusters in arrival order while there is room. Only the poller thread moves a
     * job from QUEUED to RUNNING, so counting and starting need no lock beyond each job's own.
     */
    private void startQueued() {
        int running = running();
        for (LocalJob job : launchable()) {
            synchronized (job) {
                if (job.status() != Status.QUEUED || jobs.get(job.definition.ref().name()) != job) {
                    continue; // cancelled or deleted meanwhile
                }
                Optional<PooledCluster> pooled = pool.fitting(job.definition);
                LocalCapacity.Move move = LocalCapacity.next(running, pool.count(), pooled.isPresent() ? 1 : 0,
                        maxClusters);
                if (move == LocalCapacity.Move.WAIT) {
                    return;
                }
                try {
                    long began = System.currentTimeMillis();
                    if (move == LocalCapacity.Move.WARM) {
                        warm.take(job, pooled.get(), began);
                    } else {
                        if (move == LocalCapacity.Move.COLD_IN_POOLED_PLACE) {
                            pool.giveUpOne("its place goes to job " + job.definition.ref());
                        }
                        job.cluster = launcher.start(job);
                        job.cluster.beganAtMillis = began;
                        job.moveTo(Status.RUNNING);
                    }
                    running++;
                    LOG.infof("job %s: %s (attempt %d, REST port %d)", job.definition.ref(),
                            move == LocalCapacity.Move.WARM ? "took a pooled cluster" : "started its cluster",
                            job.attempt, job.cluster.restPort);
                } catch (RuntimeRefusedException e) {
                    follower.end(job, Phase.FAILED, e.getMessage(), null);
                } catch (RuntimeUnavailableException e) {
                    LOG.warnf("job %s: cannot start its cluster yet (%s)", job.definition.ref(), e.getMessage());
                    return;
                }
                registry.save(job);
            }
        }
    }

    /** Starts a pooled cluster into a place no job wants. */
    private void refillPool() {
        long now = System.currentTimeMillis();
        if (LocalCapacity.refill(running(), pool.count(), pool.starting(), pool.size(), maxClusters,
                !launchable().isEmpty(), warmStartUnderWay(now))) {
            pool.startOne(now);
        }
    }

    /**
     * Whether a job that took a pooled cluster has yet to run, within a bound: one that never runs
     * (it waits for slots, say) holds the refill back no longer than that.
     */
    private boolean warmStartUnderWay(long now) {
        return jobs.values().stream().anyMatch(j -> j.status() == Status.RUNNING
                && j.cluster.start == LaunchPhases.Start.WARM && !j.cluster.runningReported
                && now - j.cluster.beganAtMillis < WARM_START_ALONE.toMillis());
    }

    private int running() {
        return (int) jobs.values().stream().filter(j -> j.status() == Status.RUNNING).count();
    }

    /** Jobs let in that wait for a cluster, in arrival order. */
    private List<LocalJob> launchable() {
        return jobs.values().stream().filter(j -> j.status() == Status.QUEUED && !j.waiting())
                .sorted(Comparator.comparingLong(j -> j.queuedAtMillis)).toList();
    }
}
