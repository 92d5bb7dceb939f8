package dev.fling.runtime.operator;

import static dev.fling.runtime.operator.Annotations.JOB_LABEL;
import static dev.fling.runtime.operator.SessionResources.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.runtime.JobDefinition;
import dev.fling.runtime.JobRef;
import dev.fling.runtime.operator.model.FlinkDeployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The operator runtime's warm pool: {@code fling.operator.warm-pool.size} session FlinkDeployments
 * per shape (an allowed namespace with the default image, Flink version and resources), labelled
 * {@code fling.dev/pool}, kept ready for launches to take. Known only by those labels: a restarted
 * Fling lists them, keeps the ready ones and those still starting within the start timeout, and
 * deletes the failed ones, those of a shape no longer wanted, and taken ones whose session job
 * never came; then it refills. Followed through an informer per namespace ({@link PoolWatch}).
 */
final class SessionPool {

    private static final Logger LOG = Logger.getLogger(SessionPool.class);
    private static final long MAINTAIN_MILLIS = 1000;

    private final KubernetesClient client;
    private final SessionResources resources;
    private final ObjectMapper mapper;
    private final List<PoolShape> shapes;
    private final int size;
    private final PoolUpkeep.Settings settings;
    private final Predicate<JobRef> sessionJobExists;
    private final BooleanSupplier sessionJobsSynced;
    private final PoolWatch watch;
    /** Taken by this Fling and not yet seen taken by the informer: never offered twice. */
    private final Set<String> justTaken = ConcurrentHashMap.newKeySet();
    /** Created by this Fling and not yet seen by the informer: counted, so that a round does not create them twice. */
    private final Map<String, PoolShape> justCreated = new ConcurrentHashMap<>();
    private volatile String problem;
    private ScheduledExecutorService maintainer;

    SessionPool(KubernetesClient client, SessionResources resources, ObjectMapper mapper, List<PoolShape> shapes,
            int size, Duration startTimeout, Predicate<JobRef> sessionJobExists, BooleanSupplier sessionJobsSynced) {
        this.client = client;
        this.watch = new PoolWatch(client);
        this.resources = resources;
        this.mapper = mapper;
        this.shapes = shapes;
        this.size = size;
        this.settings = new PoolUpkeep.Settings(shapes, size, startTimeout);
        this.sessionJobExists = sessionJobExists;
        this.sessionJobsSynced = sessionJobsSynced;
    }

    boolean enabled() {
        return size > 0;
    }

    synchronized void start() {
        if (!enabled() || maintainer != null) {
            return;
        }
        watch.start(shapes.stream().map(PoolShape::namespace).distinct().toList(), this::maintainSoon);
        maintainer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "fling-session-pool");
            thread.setDaemon(true);
            return thread;
        });
        maintainer.scheduleWithFixedDelay(this::maintainQuietly, 0, MAINTAIN_MILLIS, TimeUnit.MILLISECONDS);
    }

    synchronized void stop() {
        if (maintainer != null) {
            maintainer.shutdownNow();
        }
        watch.stop();
    }

    /** Why the pool cannot keep deployments ready, if it cannot (launches go cold meanwhile). */
    Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /**
     * Takes the oldest ready pooled deployment the job fits, relabelled as the job's before this
     * returns; empty when none is ready (the launch goes cold). Serialized: launches arrive on
     * several lanes at once.
     */
    synchronized Optional<FlinkDeployment> take(JobDefinition job, Map<String, String> launchAnnotations) {
        List<FlinkDeployment> candidates = readyFor(job)
                .sorted(Comparator.comparing(d -> d.getMetadata().getCreationTimestamp()))
                .toList();
        for (FlinkDeployment candidate : candidates) {
            String patch = json(SessionResources.take(job, launchAnnotations,
                    candidate.getMetadata().getResourceVersion(), Instant.now()));
            try {
                client.resources(FlinkDeployment.class).inNamespace(candidate.getMetadata().getNamespace())
                        .withName(candidate.getMetadata().getName())
                        .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE), patch);
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409 || e.getCode() == 404) {
                    continue; // changed or gone since the informer saw it: the next one
                }
                LOG.warnf("warm pool: cannot take %s (%s); the launch starts cold", key(candidate), Calls.describe(e));
                return Optional.empty();
            }
            justTaken.add(key(candidate));
            LOG.infof("warm pool: %s taken by job %s", key(candidate), job.ref());
            maintainSoon();
            return Optional.of(candidate);
        }
        return Optional.empty();
    }

    /** Whether some pooled deployment is ready for a job of this shape (the launch may then go warm). */
    boolean anyReadyFor(JobDefinition job) {
        return enabled() && readyFor(job).findAny().isPresent();
    }

    /** The idle, ready pooled deployments of the job's namespace whose shape the job fits, not taken meanwhile. */
    private Stream<FlinkDeployment> readyFor(JobDefinition job) {
        return watch.idle(job.ref().namespace()).stream().filter(PoolUpkeep::ready)
                .filter(d -> !justTaken.contains(key(d)))
                .filter(d -> Optional.ofNullable(PoolShape.of(d)).map(s -> SessionFit.whyNot(job, s).isEmpty()).orElse(false));
    }

    private void maintainSoon() {
        ScheduledExecutorService scheduled = maintainer;
        if (scheduled != null && !scheduled.isShutdown()) {
            scheduled.execute(this::maintainQuietly);
        }
    }

    private void maintainQuietly() {
        try {
            maintain(Instant.now());
        } catch (RuntimeException e) {
            problem = "the warm pool cannot be maintained: " + e.getMessage();
            LOG.warnf("warm pool: %s", problem);
        }
    }

    /**
     * One round of upkeep ({@link PoolUpkeep} decides): deletes what cannot serve, then creates what
     * is missing to reach the size. Waits until the informers have listed everything once.
     */
    private synchronized void maintain(Instant now) {
        if (!watch.synced() || !sessionJobsSynced.getAsBoolean()) {
            return;
        }
        List<FlinkDeployment> pooled = watch.all();
        for (FlinkDeployment deployment : pooled) {
            justCreated.remove(key(deployment)); // seen now: counted as what it is
            if (TAKEN.equals(deployment.getMetadata().getLabels().get(POOL_LABEL))) {
                justTaken.remove(key(deployment));
            }
        }
        PoolUpkeep.Plan plan = PoolUpkeep.plan(pooled, settings, justTaken, justCreated.values(), sessionJobExists, now);
        plan.deletions().forEach(deletion -> delete(deletion.deployment(), deletion.reason()));
        if (plan.problem() != null) {
            problem = plan.problem();
        }
        boolean allStarted = true;
        for (Map.Entry<PoolShape, Integer> creation : plan.creations().entrySet()) {
            for (int i = 0; i < creation.getValue(); i++) {
                allStarted &= create(creation.getKey());
            }
        }
        if (allStarted && problem != null && problem.startsWith("the warm pool cannot")) {
            problem = null;
        }
    }

    private boolean create(PoolShape shape) {
        String name = "fling-pool-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            client.resource(resources.pooled(shape, name)).create();
            justCreated.put(shape.namespace() + "/" + name, shape);
            LOG.infof("warm pool: creating session deployment %s/%s", shape.namespace(), name);
            return true;
        } catch (KubernetesClientException e) {
            problem = "the warm pool cannot create session deployments in " + shape.namespace() + ": "
                    + Calls.describe(e) + "; launches start cold meanwhile";
            LOG.warnf("warm pool: %s", problem);
            return false;
        }
    }

    private void delete(FlinkDeployment deployment, String reason) {
        LOG.infof("warm pool: deleting %s: %s", key(deployment), reason);
        try {
            client.resources(FlinkDeployment.class).inNamespace(deployment.getMetadata().getNamespace())
                    .withName(deployment.getMetadata().getName()).delete();
        } catch (KubernetesClientException e) {
            LOG.warnf("warm pool: cannot delete %s (%s); trying again later", key(deployment), Calls.describe(e));
        }
    }

    private static String key(FlinkDeployment deployment) {
        return PoolUpkeep.key(deployment);
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
