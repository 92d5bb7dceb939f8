package dev.fling.runtime.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.admission.DefaultsConfig;
import dev.fling.admission.PolicyConfig;
import dev.fling.events.RequestContext;
import dev.fling.runtime.FlinkRuntime;
import dev.fling.runtime.JobDefinition;
import dev.fling.runtime.JobInsight;
import dev.fling.runtime.JobListener;
import dev.fling.runtime.JobRecord;
import dev.fling.runtime.JobRef;
import dev.fling.runtime.QueueTicket;
import dev.fling.runtime.KeptSavepoint;
import dev.fling.runtime.RemovedJob;
import dev.fling.runtime.RuntimeRefusedException;
import dev.fling.runtime.TrackingState;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.enterprise.inject.Typed;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Runs each job as a real Flink application cluster on this machine: a JobManager in application
 * mode and as many TaskManagers as its parallelism needs, from the Flink jars the build ships.
 * Followed over the JobManager's REST API; every fact is kept in an on-disk registry, so a
 * restarted Fling re-attaches to the clusters still running. At most {@code max-clusters} run at
 * once; later launches wait in arrival order. A launch that fits takes an idle cluster of the warm
 * pool instead of starting one ({@link WarmPool}). Each job is guarded by its own monitor (its REST calls
 * and process starts hold only that job); no lock spans the runtime, so one slow JobManager or
 * cluster start holds up only its own job.
 */
@ApplicationScoped
@Typed(LocalRuntime.class)
public class LocalRuntime implements FlinkRuntime {

    private static final Logger LOG = Logger.getLogger(LocalRuntime.class);

    private final LocalConfig config;
    private final int defaultSlots;
    private final Clock clock;
    private final LocalRegistry registry;
    private final ClusterLauncher launcher;
    private final JobDirectories directories;
    private final JarFetcher fetcher;
    private final SavepointStore savepoints;
    private final ClusterProcesses processes;
    private final ClusterFollower follower;
    private final ClusterCommands commands;
    private final WarmPool pool;
    private final WarmStarter warm;
    private final LocalAutoscaler autoscaler;
    private final LocalJobs jobs = new LocalJobs();
    private LocalPoller poller;

    public LocalRuntime(LocalConfig config, DefaultsConfig defaults, PolicyConfig policy, ObjectMapper mapper,
            Clock clock) {
        this.config = config;
        this.defaultSlots = defaults.taskManagerSlots();
        this.clock = clock;
        LocalParts parts = LocalParts.wire(config, defaultSlots, policy, mapper);
        this.registry = parts.registry();
        this.savepoints = parts.savepoints();
        this.fetcher = parts.fetcher();
        this.directories = parts.directories();
        this.launcher = parts.launcher();
        this.processes = parts.processes();
        this.follower = parts.follower();
        this.commands = parts.commands();
        this.pool = parts.pool();
        this.warm = parts.warm();
        this.autoscaler = new LocalAutoscaler(jobs.byName(), parts.rest()::of, launcher::ensureTaskManagers,
                registry, clock);
    }

    @Override
    public String name() {
        return "local";
    }

    /** Clusters start in arrival order, and launches wait for capacity in that order: one request at a time. */
    @Override
    public boolean concurrentDispatch() {
        return false;
    }

    /** The clusters are processes of this machine, which no other instance can reach. */
    @Override
    public boolean sharedBetweenInstances() {
        return false;
    }

    @Override
    public void watch(JobListener listener) {
        for (LocalJob job : registry.loadAll()) {
            jobs.add(job);
            follower.reattach(job);
        }
        pool.load(jobs.byName().values().stream().filter(job -> job.cluster != null).map(job -> job.cluster.directory)
                .collect(Collectors.toSet()));
        poller = new LocalPoller(jobs.byName(), config.maxClusters(), launcher, follower, registry, pool, warm, listener);
        poller.start(config.pollInterval(), () -> launcher.warmUp(defaultSlots), () -> savepoints.applyRetentionRound(clock.instant()));
        autoscaler.start();
    }

    void onStop(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent shutdown) {
        if (poller != null) {
            poller.stop(); // clusters keep running: a restarted Fling re-attaches to them
        }
        autoscaler.stop();
    }

    @Override
    public LaunchResult launch(JobDefinition definition) {
        // Launches of one name come one at a time (the tracker's turn for that job), so check-then-put holds.
        LocalJob existing = jobs.get(definition.ref().name());
        if (existing != null) {
            synchronized (existing) {
                if (Objects.equals(existing.definition.request().key(), definition.request().key())) {
                    return LaunchResult.ALREADY_EXISTS;
                }
            }
            throw new RuntimeRefusedException("a job named " + definition.ref().name() + " exists already", null);
        }
        fetcher.checkSources(definition); // refused now, as a rejection, rather than as a failure later
        LocalJob job = LocalJob.queued(definition, clock.millis());
        registry.save(job);
        jobs.add(job);
        pollSoon();
        return LaunchResult.CREATED;
    }

    /** Clusters of this machine: {@code fling.local.max-clusters} at once, the queue's global limit of running jobs. */
    @Override
    public OptionalInt maxRunningJobs() {
        return OptionalInt.of(config.maxClusters());
    }

    /** Once the first round has handed every job of the registry to the listener. */
    @Override
    public boolean caughtUp() {
        return poller != null && poller.caughtUp();
    }

    @Override
    public void admit(JobRef ref, QueueTicket admitted) {
        jobs.on(ref, job -> {
            if (job.waiting()) {
                job.queue = admitted;
                registry.save(job);
            }
        });
        pollSoon();
    }

    @Override
    public Optional<JobRecord> find(String name) {
        return jobs.ifKnown(name, LocalJob::record);
    }

    @Override
    public void rescale(JobRef ref, int parallelism, RequestContext request) {
        jobs.on(ref, job -> commands.rescale(job, parallelism, request));
    }

    @Override
    public void stop(JobRef ref, boolean withSavepoint, RequestContext request) {
        jobs.on(ref, job -> commands.stop(job, withSavepoint, request));
    }

    @Override
    public void triggerSavepoint(JobRef ref, String trigger, String targetDirectory, RequestContext request) {
        jobs.on(ref, job -> commands.triggerSavepoint(job, trigger, targetDirectory, request));
    }

    @Override
    public void restart(JobRef ref, int attempt) {
        jobs.on(ref, job -> {
            job.requeue(attempt, clock.millis());
            registry.save(job);
        });
        pollSoon();
    }

    @Override
    public void delete(JobRef ref) {
        LocalJob job = jobs.remove(ref.name());
        if (job == null) {
            return;
        }
        synchronized (job) {
            if (job.cluster != null) {
                processes.stopAll(job.cluster);
            }
            directories.remove(job);
            savepoints.jobRemoved(job.record(), clock.instant());
            registry.delete(ref.name());
        }
    }

    @Override
    public List<KeptSavepoint> keptSavepoints(String name) {
        return savepoints.list(name);
    }

    @Override
    public Optional<RemovedJob> removed(String name) {
        if (jobs.get(name) != null) {
            return Optional.empty();
        }
        return savepoints.removed(name);
    }

    @Override
    public Optional<JobInsight> insight(String name, int logLines) {
        return Optional.ofNullable(jobs.get(name)).map(job -> LocalInsight.of(job, logLines));
    }

    @Override
    public void record(JobRef ref, TrackingState state) {
        jobs.ifKnown(ref.name(), job -> {
            job.tracking = state;
            registry.save(job);
            return job;
        });
    }

    @Override
    public Optional<String> unavailableReason() {
        return launcher.problem();
    }

    /** A warm pool that cannot keep clusters ready: launches start cold meanwhile, Fling stays ready. */
    @Override
    public Map<String, String> degraded() {
        return pool.problem().map(problem -> Map.of("warm-pool", problem)).orElse(Map.of());
    }

    /** Starts a new cluster now rather than at the next tick: every poll interval saved is latency. */
    private void pollSoon() {
        if (poller != null) {
            poller.pollSoon();
        }
    }
}
