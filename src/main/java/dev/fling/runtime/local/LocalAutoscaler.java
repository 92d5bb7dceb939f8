package dev.fling.runtime.local;

import dev.fling.runtime.local.LocalJob.Status;
import dev.fling.runtime.local.LocalScalingDecision.Decision;
import dev.fling.runtime.local.LocalScalingDecision.Sample;
import dev.fling.runtime.local.LocalScalingDecision.Vertex;
import dev.fling.runtime.local.LocalScalingDecision.VertexMetrics;
import dev.fling.runtime.rest.FlinkRestClient;
import dev.fling.runtime.rest.FlinkRestModel;
import dev.fling.runtime.rest.FlinkRestModel.AggregatedMetric;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The local runtime's autoscaler, on its own thread {@code fling-local-autoscaler}: every couple of
 * seconds it reads each running autoscaled job's vertices and their busy time over the
 * JobManager's REST API, asks {@link LocalScalingDecision} what to do, and resizes the job in place
 * (per-vertex resource requirements of the adaptive scheduler, TaskManagers started first when
 * slots are short). A resize is recorded in the job's {@link AutoscalerRecord} once Flink runs it,
 * and reported from there ({@link LocalResizes}). Metrics it cannot read, or a resize Flink
 * refuses, are logged and change nothing.
 */
final class LocalAutoscaler {

    private static final Logger LOG = Logger.getLogger(LocalAutoscaler.class);
    /** How often jobs are looked at; Flink's JobManager refreshes its metrics no faster (see ClusterConfiguration). */
    static final Duration EVERY = Duration.ofSeconds(2);
    static final List<String> METRICS = List.of("busyTimeMsPerSecond", "backPressuredTimeMsPerSecond",
            "numRecordsInPerSecond");

    private final Map<String, LocalJob> jobs;
    private final Function<LocalJob, FlinkRestClient> rest;
    private final BiConsumer<LocalJob, Integer> taskManagers;
    private final ClusterProcesses processes;
    private final LocalRegistry registry;
    private final Clock clock;
    /** What was measured of each job's attempt since it last changed; lost with a restart, which only delays a decision. */
    private final Map<String, Measured> measured = new ConcurrentHashMap<>();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "fling-local-autoscaler");
        thread.setDaemon(true);
        return thread;
    });

    LocalAutoscaler(Map<String, LocalJob> jobs, Function<LocalJob, FlinkRestClient> rest,
            BiConsumer<LocalJob, Integer> taskManagers, ClusterProcesses processes, LocalRegistry registry, Clock clock) {
        this.jobs = jobs;
        this.rest = rest;
        this.taskManagers = taskManagers;
        this.processes = processes;
        this.registry = registry;
        this.clock = clock;
    }

    void start() {
        executor.scheduleWithFixedDelay(this::round, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop() {
        executor.shutdownNow();
    }

    private void round() {
        measured.keySet().retainAll(jobs.keySet());
        for (LocalJob job : jobs.values()) {
            try {
                look(job);
            } catch (RuntimeException e) {
                LOG.errorf(e, "job %s: the autoscaler could not look at it; trying again", job.definition.ref());
            }
        }
    }

    /** One look at one job: records a resize Flink now runs, or measures, decides and maybe resizes. */
    void look(LocalJob job) {
        String name = job.definition.ref().name();
        Look look;
        synchronized (job) {
            if (!LocalResizes.autoscaled(job) || job.status() != Status.RUNNING || job.cluster == null
                    || !job.cluster.runningReported || job.stop != null || jobs.get(name) != job) {
                measured.remove(name);
                return;
            }
            if (job.autoscaler == null) {
                job.autoscaler = new AutoscalerRecord();
            }
            look = new Look(job.attempt, job.cluster.flinkJobId, rest.apply(job),
                    job.autoscaler.pending == null ? null : Map.copyOf(job.autoscaler.pending),
                    Instant.ofEpochMilli(job.autoscaler.appliedAtMillis),
                    AutoscaleSettings.of(job.definition.policy().autoscaling(), job.definition.flinkConfiguration()));
        }
        Measured seen = measured.compute(name, (k, m) -> m == null || m.attempt != look.attempt ? new Measured(look.attempt) : m);
        Instant now = clock.instant();
        FlinkRestModel.JobVertices read;
        try {
            read = look.rest.vertices(look.flinkJobId);
        } catch (IOException e) {
            LOG.debugf("job %s: the autoscaler cannot read its vertices (%s)", job.definition.ref(), e.getMessage());
            return;
        }
        if (!read.allRunning()) {
            return; // starting, restarting or being resized: nothing to measure
        }
        Map<String, Vertex> vertices = read.vertices().stream().collect(Collectors.toMap(
                FlinkRestModel.Vertex::id, v -> new Vertex(v.parallelism(), v.maxParallelism())));
        if (look.pending != null) {
            if (look.pending.entrySet().stream().allMatch(e -> vertices.containsKey(e.getKey())
                    && vertices.get(e.getKey()).parallelism() == e.getValue())) {
                applied(job, look.attempt, now);
            }
            return;
        }
        releaseIdleTaskManagers(job, look, vertices);
        if (seen.runningSince == null) {
            seen.runningSince = now;
        }
        Map<String, VertexMetrics> metrics;
        try {
            metrics = metrics(look, vertices.keySet());
        } catch (IOException e) {
            LOG.warnf("job %s: the autoscaler cannot read the job's metrics (%s); no decision until it can",
                    job.definition.ref(), e.getMessage());
            return;
        }
        seen.samples.add(new Sample(now, metrics));
        Instant keepFrom = now.minus(look.settings.metricsWindow()).minus(EVERY);
        seen.samples.removeIf(sample -> sample.at().isBefore(keepFrom));
        Instant stableSince = look.appliedAt.isAfter(seen.runningSince) ? look.appliedAt : seen.runningSince;
        Decision decision = LocalScalingDecision.decide(look.settings, vertices, seen.samples, stableSince,
                seen.scaleDownWantedSince, now);
        seen.scaleDownWantedSince = decision.scaleDownWantedSince();
        if (decision.resizes()) {
            resize(job, look, decision, now);
        } else {
            LOG.debugf("job %s: no resize (%s)", job.definition.ref(), decision.reason());
        }
    }

    private Map<String, VertexMetrics> metrics(Look look, Iterable<String> vertices) throws IOException {
        Map<String, VertexMetrics> metrics = new HashMap<>();
        for (String vertex : vertices) {
            Map<String, AggregatedMetric> read = look.rest.subtaskMetrics(look.flinkJobId, vertex, METRICS);
            metrics.put(vertex, new VertexMetrics(average(read, METRICS.get(0)), average(read, METRICS.get(1)),
                    read.containsKey(METRICS.get(2)) ? read.get(METRICS.get(2)).sum() : Double.NaN));
        }
        return metrics;
    }

    private static double average(Map<String, AggregatedMetric> read, String metric) {
        return read.containsKey(metric) ? read.get(metric).avg() : Double.NaN;
    }

    /** Asks Flink for the new parallelism, under the job's monitor as a manual rescale does. */
    private void resize(LocalJob job, Look look, Decision decision, Instant now) {
        synchronized (job) {
            if (job.attempt != look.attempt || job.status() != Status.RUNNING || job.stop != null) {
                return;
            }
            int highest = decision.parallelism().values().stream().mapToInt(Integer::intValue).max().orElse(1);
            try {
                taskManagers.accept(job, highest);
                look.rest.requireParallelism(look.flinkJobId, decision.parallelism());
            } catch (IOException | RuntimeException e) {
                LOG.warnf("job %s: the autoscaler's resize was refused (%s); the job runs on as it is, and is "
                        + "measured afresh. It wanted: %s", job.definition.ref(), e.getMessage(), decision.reason());
                measured.remove(job.definition.ref().name());
                return;
            }
            AutoscalerRecord record = job.autoscaler;
            record.pending = new HashMap<>(decision.parallelism());
            record.pendingReason = decision.reason();
            record.pendingSinceMillis = now.toEpochMilli();
            registry.save(job);
            LOG.infof("job %s: the autoscaler resizes it: %s", job.definition.ref(), decision.reason());
        }
        measured.remove(job.definition.ref().name());
    }

    /**
     * Gives back the TaskManagers a scale-down left with nothing to do, once Flink has released
     * their slots ({@link IdleTaskManagers}); taken off the cluster's list before they are stopped,
     * so that nothing reads them as lost.
     */
    private void releaseIdleTaskManagers(LocalJob job, Look look, Map<String, Vertex> vertices) {
        int highest = vertices.values().stream().mapToInt(Vertex::parallelism).max().orElse(1);
        List<Long> stopped;
        String directory;
        synchronized (job) {
            LocalJob.Cluster cluster = job.cluster;
            if (job.attempt != look.attempt || cluster == null || job.stop != null || cluster.slotsPerTaskManager < 1
                    || cluster.taskManagerPids.size() <= IdleTaskManagers.needed(highest, cluster.slotsPerTaskManager)) {
                return;
            }
            List<Integer> positions;
            try {
                positions = IdleTaskManagers.toStop(cluster.taskManagerPids.stream().map(cluster.taskManagerIds::get)
                        .toList(), cluster.slotsPerTaskManager, highest, look.rest.taskManagers());
            } catch (IOException e) {
                LOG.debugf("job %s: cannot read its TaskManagers (%s)", job.definition.ref(), e.getMessage());
                return;
            }
            if (positions.isEmpty()) {
                return;
            }
            stopped = positions.stream().map(cluster.taskManagerPids::get).toList();
            cluster.taskManagerPids.removeAll(stopped);
            stopped.forEach(cluster.taskManagerIds::remove);
            directory = cluster.directory;
            registry.save(job);
        }
        LOG.infof("job %s: stopping %d TaskManager(s) left idle by the autoscaler's scale-down (the highest "
                + "parallelism is %d)", job.definition.ref(), stopped.size(), highest);
        stopped.forEach(pid -> processes.stopTaskManager(pid, directory));
    }

    /** Flink runs the resize asked for: it is recorded, and from there reported once. */
    private void applied(LocalJob job, int attempt, Instant now) {
        synchronized (job) {
            AutoscalerRecord record = job.autoscaler;
            if (job.attempt != attempt || record == null || record.pending == null) {
                return;
            }
            record.resizes++;
            record.applied = record.pending;
            record.reason = record.pendingReason;
            record.appliedAtMillis = now.toEpochMilli();
            record.pending = null;
            record.pendingReason = null;
            registry.save(job);
            LOG.infof("job %s: resize %d of the autoscaler runs after %d ms: %s", job.definition.ref(), record.resizes,
                    now.toEpochMilli() - record.pendingSinceMillis, record.applied);
        }
    }

    /** What one look needs of the job, read under its monitor. */
    private record Look(int attempt, String flinkJobId, FlinkRestClient rest, Map<String, Integer> pending,
            Instant appliedAt, AutoscaleSettings settings) {}

    /** Samples of one attempt since it last changed, and the scale-downs waiting for their delay. */
    private static final class Measured {
        final int attempt;
        final List<Sample> samples = new ArrayList<>();
        Map<String, Instant> scaleDownWantedSince = Map.of();
        Instant runningSince;

        Measured(int attempt) {
            this.attempt = attempt;
        }
    }
}
