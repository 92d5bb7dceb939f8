package dev.fling.runtime.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.admission.DefaultsConfig;
import dev.fling.events.RequestContext;
import dev.fling.runtime.FlinkRuntime;
import dev.fling.runtime.JobDefinition;
import dev.fling.runtime.JobListener;
import dev.fling.runtime.JobObservation;
import dev.fling.runtime.JobObservation.Phase;
import dev.fling.runtime.JobRecord;
import dev.fling.runtime.JobRef;
import dev.fling.runtime.KeptSavepoint;
import dev.fling.runtime.RemovedJob;
import dev.fling.runtime.RuntimeRefusedException;
import dev.fling.runtime.RuntimeUnavailableException;
import dev.fling.runtime.TrackingState;
import dev.fling.runtime.local.LocalJob.Status;
import dev.fling.runtime.rest.FlinkRestClient;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.enterprise.inject.Typed;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs each job as a real Flink application cluster on this machine: a JobManager in application
 * mode and as many TaskManagers as its parallelism needs, from the Flink jars the build ships.
 * Followed over the JobManager's REST API; every fact is kept in an on-disk registry, so a
 * restarted Fling re-attaches to the clusters still running. At most {@code max-clusters} run at
 * once; later launches wait in arrival order. Each job is guarded by its own monitor (its REST calls
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
    private final SavepointStore savepoints;
    private final ClusterProcesses processes = new ClusterProcesses();
    private final ClusterFollower follower;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper mapper;
    private final Map<String, LocalJob> jobs = new ConcurrentHashMap<>();
    private ScheduledExecutorService poller;
    private JobListener listener;

    public LocalRuntime(LocalConfig config, DefaultsConfig defaults, ObjectMapper mapper, Clock clock) {
        this.config = config;
        this.defaultSlots = defaults.taskManagerSlots();
        this.mapper = mapper;
        this.clock = clock;
        Path work = Path.of(this.config.workDirectory());
        this.registry = new LocalRegistry(work.resolve("registry"), mapper);
        this.savepoints = new SavepointStore(work.resolve("savepoints"), mapper, this.config.savepointRetention());
        this.launcher = new ClusterLauncher(this.config, FlinkDistribution.locate(this.config), work.resolve("jobs"),
                new JarFetcher(http), savepoints);
        this.follower = new ClusterFollower(this.config.maxClusters(), registry, processes, this::rest);
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
        this.listener = listener;
        for (LocalJob job : registry.loadAll()) {
            jobs.put(job.definition.ref().name(), job);
            if (job.status() == Status.RUNNING && !processes.jobManagerAlive(job.cluster)) {
                LOG.warnf("job %s: its cluster's processes were gone when Fling started again", job.definition.ref());
                follower.end(job, Phase.FAILED, "the job's JobManager process was gone when Fling started again", null);
            } else if (job.status() == Status.RUNNING) {
                LOG.infof("job %s: re-attached to its running cluster (REST port %d)", job.definition.ref(),
                        job.cluster.restPort);
            }
        }
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "fling-local-runtime");
            thread.setDaemon(true);
            return thread;
        });
        poller.execute(() -> launcher.warmUp(defaultSlots));
        long every = config.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::poll, 0, every, TimeUnit.MILLISECONDS);
        poller.scheduleWithFixedDelay(this::applySavepointRetention, 0, 1, TimeUnit.MINUTES);
    }

    private void applySavepointRetention() {
        try {
            savepoints.applyRetention(clock.instant());
        } catch (RuntimeException e) {
            LOG.warnf(e, "the savepoint retention could not be applied; trying again in a minute");
        }
    }

    void onStop(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent shutdown) {
        if (poller != null) {
            poller.shutdownNow(); // clusters keep running: a restarted Fling re-attaches to them
        }
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
        LocalJob job = new LocalJob();
        job.definition = definition;
        job.tracking = TrackingState.initial(definition);
        job.targetParallelism = definition.parallelism();
        job.queuedAtMillis = clock.millis();
        registry.save(job);
        jobs.put(definition.ref().name(), job);
        pollSoon();
        return LaunchResult.CREATED;
    }

    @Override
    public Optional<JobRecord> find(String name) {
        LocalJob job = jobs.get(name);
        if (job == null) {
            return Optional.empty();
        }
        synchronized (job) {
            return Optional.of(job.record());
        }
    }

    @Override
    public void rescale(JobRef ref, int parallelism, RequestContext request) {
        LocalJob job = require(ref);
        synchronized (job) {
            rescale(job, parallelism, request);
        }
    }

    private void rescale(LocalJob job, int parallelism, RequestContext request) {
        job.rescaleRequest = request;
        job.targetParallelism = parallelism;
        job.revision++;
        if (job.status() == Status.RUNNING) {
            call(() -> {
                launcher.ensureTaskManagers(job, parallelism);
                rest(job).requireParallelism(job.cluster.flinkJobId, parallelism);
            });
        }
        registry.save(job);
    }

    @Override
    public void stop(JobRef ref, boolean withSavepoint, RequestContext request) {
        LocalJob job = require(ref);
        synchronized (job) {
            stop(job, withSavepoint, request);
        }
    }

    private void stop(LocalJob job, boolean withSavepoint, RequestContext request) {
        if (request != null) {
            job.cancelRequest = request;
        }
        job.stop = new LocalJob.PendingStop();
        job.stop.withSavepoint = withSavepoint;
        if (job.status() == Status.QUEUED) {
            follower.end(job, Phase.CANCELLED, null, null);
            return;
        }
        if (job.status() == Status.RUNNING) {
            call(() -> {
                if (withSavepoint) {
                    job.stop.directory = launcher.savepointDirectory(job).toUri().toString();
                    job.stop.flinkTriggerId = rest(job).stopWithSavepoint(job.cluster.flinkJobId, job.stop.directory);
                } else {
                    rest(job).cancel(job.cluster.flinkJobId);
                }
            });
        }
        registry.save(job);
    }

    @Override
    public void triggerSavepoint(JobRef ref, String trigger, String targetDirectory, RequestContext request) {
        LocalJob job = require(ref);
        synchronized (job) {
            triggerSavepoint(job, trigger, targetDirectory, request);
        }
    }

    private void triggerSavepoint(LocalJob job, String trigger, String targetDirectory, RequestContext request) {
        JobRef ref = job.definition.ref();
        if (job.status() != Status.RUNNING) {
            throw new RuntimeRefusedException("job " + ref.name() + " has no running cluster to take a savepoint of", null);
        }
        LocalJob.PendingSavepoint savepoint = new LocalJob.PendingSavepoint();
        savepoint.trigger = trigger;
        savepoint.directory = targetDirectory != null ? targetDirectory
                : launcher.savepointDirectory(job).toUri().toString();
        call(() -> savepoint.flinkTriggerId = rest(job).triggerSavepoint(job.cluster.flinkJobId, savepoint.directory));
        job.savepoint = savepoint;
        job.savepointRequest = request;
        registry.save(job);
    }

    @Override
    public void restart(JobRef ref, int attempt) {
        LocalJob job = require(ref);
        synchronized (job) {
            job.attempt = attempt;
            job.moveTo(Status.QUEUED);
            job.ending = null;
            job.stop = null;
            job.cluster = null;
            job.queuedAtMillis = clock.millis();
            registry.save(job);
        }
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
            launcher.removeDirectory(job);
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
        if (jobs.containsKey(name)) {
            return Optional.empty();
        }
        return savepoints.removed(name);
    }

    @Override
    public void record(JobRef ref, TrackingState state) {
        LocalJob job = jobs.get(ref.name());
        if (job != null) {
            synchronized (job) {
                job.tracking = state;
                registry.save(job);
            }
        }
    }

    @Override
    public Optional<String> unavailableReason() {
        return launcher.problem();
    }

    /** Starts a new cluster now rather than at the next tick: every poll interval saved is latency. */
    private void pollSoon() {
        if (poller != null) {
            poller.execute(this::poll);
        }
    }

    /**
     * Starts what may start, reads every cluster (each under its job's monitor only), then tells
     * the listener. Runs on the poller thread only, so rounds never overlap.
     */
    private void poll() {
        List<Map.Entry<JobRecord, JobObservation>> seen = new ArrayList<>();
        try {
            startQueued();
        } catch (RuntimeException e) {
            LOG.errorf(e, "the local runtime could not start the clusters waiting; trying again");
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
    }

    /**
     * Starts queued clusters in arrival order while there is room. Only the poller thread moves a
     * job from QUEUED to RUNNING, so counting and starting need no lock beyond each job's own.
     */
    private void startQueued() {
        long running = jobs.values().stream().filter(j -> j.status() == Status.RUNNING).count();
        List<LocalJob> queued = jobs.values().stream().filter(j -> j.status() == Status.QUEUED)
                .sorted(Comparator.comparingLong(j -> j.queuedAtMillis)).toList();
        for (LocalJob job : queued) {
            if (running >= config.maxClusters()) {
                return;
            }
            synchronized (job) {
                if (job.status() != Status.QUEUED || jobs.get(job.definition.ref().name()) != job) {
                    continue; // cancelled or deleted meanwhile
                }
                try {
                    job.cluster = launcher.start(job);
                    job.moveTo(Status.RUNNING);
                    running++;
                    LOG.infof("job %s: started its cluster (attempt %d, REST port %d)", job.definition.ref(),
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

    private FlinkRestClient rest(LocalJob job) {
        return new FlinkRestClient(java.net.URI.create("http://localhost:" + job.cluster.restPort), http, mapper);
    }

    private LocalJob require(JobRef ref) {
        LocalJob job = jobs.get(ref.name());
        if (job == null) {
            throw new RuntimeRefusedException("no local job named " + ref.name(), null);
        }
        return job;
    }

    private static void call(RestCall call) {
        try {
            call.run();
        } catch (IOException e) {
            throw new RuntimeUnavailableException("the job's JobManager: " + e.getMessage(), e);
        }
    }

    /** A REST interaction with a JobManager. */
    private interface RestCall {
        void run() throws IOException;
    }

}
