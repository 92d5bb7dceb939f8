package dev.fling.runtime.operator;

import static dev.fling.runtime.operator.Annotations.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.admission.PolicyConfig;
import dev.fling.events.RequestContext;
import dev.fling.runtime.FlinkRuntime;
import dev.fling.runtime.JobDefinition;
import dev.fling.runtime.JobListener;
import dev.fling.runtime.JobRecord;
import dev.fling.runtime.JobRef;
import dev.fling.runtime.RuntimeRefusedException;
import dev.fling.runtime.TrackingState;
import dev.fling.runtime.operator.model.FlinkDeployment;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs each job as a FlinkDeployment for the Apache Flink Kubernetes Operator (application
 * mode) and follows it through informers on the allowed namespaces. Every fact Fling needs after
 * a restart is written onto the resource itself.
 */
@ApplicationScoped
@Typed(OperatorRuntime.class)
public class OperatorRuntime implements FlinkRuntime {

    private static final Logger LOG = Logger.getLogger(OperatorRuntime.class);
    /**
     * No resync: it replays every cached deployment (stubs, see {@link VersionOnlyStore}) through
     * the thread that delivers status changes, and delays the changes queued behind it
     * (docs/benchmarks.md). Nothing needs it: an observation the tracker could not act on is kept
     * and tried again by its sweep, and the informer lists again after a broken watch.
     */
    private static final long NO_RESYNC = 0;
    private static final long SUPERVISE_SECONDS = 2;
    private static final int WATCH_DOWN_CHECKS = 3;

    private final KubernetesClient client;
    private final PolicyConfig policy;
    private final FlinkDeployments deployments;
    private final DeploymentWrites writes;
    private final StatusInterpreter interpreter;
    private final JobRecordReader reader;
    private final Map<String, SharedIndexInformer<FlinkDeployment>> informers = new HashMap<>();
    private final Map<String, Integer> watchDown = new HashMap<>();
    private ScheduledExecutorService supervisor;
    private boolean stopped;

    public OperatorRuntime(KubernetesClient client, OperatorConfig config, PolicyConfig policy, ObjectMapper mapper) {
        this.client = client;
        this.policy = policy;
        this.deployments = new FlinkDeployments(config, mapper);
        this.writes = new DeploymentWrites(client);
        this.interpreter = new StatusInterpreter(mapper);
        this.reader = new JobRecordReader(mapper);
    }

    @Override
    public String name() {
        return "operator";
    }

    /** Each job is its own FlinkDeployment: launches and commands about different jobs do not wait for one another. */
    @Override
    public boolean concurrentDispatch() {
        return true;
    }

    /** The jobs are resources on the API server, which every instance watches. */
    @Override
    public boolean sharedBetweenInstances() {
        return true;
    }

    /**
     * Starts following the deployments from a thread of its own: building the Kubernetes client
     * and the informers took half a second of start-up on the main thread (JFR), which now goes
     * on beside the rest of start-up. Nothing waits for it: the informers' first lists bring in
     * whatever exists, and readiness reports the API server's state.
     */
    @Override
    public void watch(JobListener listener) {
        Thread starter = new Thread(() -> startWatching(listener), "fling-watch-start");
        starter.setDaemon(true);
        starter.start();
    }

    private synchronized void startWatching(JobListener listener) {
        if (stopped) {
            return;
        }
        // Known by kind, a watched FlinkDeployment is read straight into its class, not read as a
        // generic resource and converted (docs/benchmarks.md).
        client.getKubernetesSerialization().registerKubernetesResource(FlinkDeployment.class);
        for (String namespace : policy.allowedNamespaces()) {
            informers.put(namespace, inform(namespace, listener));
        }
        supervisor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "fling-watch-supervisor");
            thread.setDaemon(true);
            return thread;
        });
        supervisor.scheduleWithFixedDelay(() -> supervise(listener), SUPERVISE_SECONDS, SUPERVISE_SECONDS,
                TimeUnit.SECONDS);
    }

    private SharedIndexInformer<FlinkDeployment> inform(String namespace, JobListener listener) {
        SharedIndexInformer<FlinkDeployment> informer = resources().inNamespace(namespace)
                .withLabel(MANAGED_BY_LABEL, MANAGED_BY)
                .runnableInformer(NO_RESYNC);
        informer.itemStore(new VersionOnlyStore());
        informer.exceptionHandler((started, failure) -> {
            LOG.warnf("watching FlinkDeployments in %s failed (%s); retrying", namespace, failure.getMessage());
            return true;
        });
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(FlinkDeployment deployment) {
                deliver(listener, deployment);
            }

            @Override
            public void onUpdate(FlinkDeployment before, FlinkDeployment after) {
                if (!unchanged(before, after)) {
                    deliver(listener, after);
                }
            }

            @Override
            public void onDelete(FlinkDeployment deployment, boolean finalStateUnknown) {
                listener.removed(ref(deployment));
            }
        });
        // start() lists asynchronously: an unreachable API server must not hold up start-up.
        informer.start().whenComplete((ignored, failure) -> {
            if (failure == null) {
                LOG.infof("following FlinkDeployments in namespace %s", namespace);
            }
        });
        return informer;
    }

    /**
     * A watch that keeps failing with something other than 410 Gone (seen: 400 after the API server
     * came back) is retried by the informer with the same resource version forever, and every
     * change is missed. When the API answers but a watch has been down for a while, list and watch
     * again from scratch.
     */
    private synchronized void supervise(JobListener listener) {
        for (Map.Entry<String, SharedIndexInformer<FlinkDeployment>> entry : informers.entrySet()) {
            String namespace = entry.getKey();
            if (entry.getValue().isWatching()) {
                watchDown.remove(namespace);
                continue;
            }
            int checks = watchDown.merge(namespace, 1, Integer::sum);
            if (checks >= WATCH_DOWN_CHECKS && unavailableReason().isEmpty()) {
                LOG.warnf("the watch of FlinkDeployments in %s has been down for %d s; listing and watching again",
                        namespace, checks * SUPERVISE_SECONDS);
                entry.getValue().stop();
                entry.setValue(inform(namespace, listener));
                watchDown.remove(namespace);
            }
        }
    }

    private void deliver(JobListener listener, FlinkDeployment deployment) {
        try {
            listener.observed(reader.read(deployment), interpreter.interpret(deployment));
        } catch (RuntimeException e) {
            // One bad update must not stop the informer; the deployment's next change is read afresh.
            LOG.warnf(e, "could not process the status of %s", ref(deployment));
        }
    }

    /**
     * A list after a broken watch hands every deployment over again, most of them unchanged;
     * interpreting thousands of them again held up the updates queued behind them on the
     * informer's one thread (scripts/bench, completion latency).
     */
    private static boolean unchanged(FlinkDeployment before, FlinkDeployment after) {
        return Objects.equals(before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion());
    }

    @PreDestroy
    synchronized void stop() {
        stopped = true;
        if (supervisor != null) {
            supervisor.shutdownNow();
        }
        informers.values().forEach(SharedIndexInformer::stop);
        informers.clear();
    }

    @Override
    public LaunchResult launch(JobDefinition definition) {
        FlinkDeployment desired = deployments.desired(definition);
        try {
            Calls.run(() -> {
                try {
                    writes.create(desired);
                } catch (KubernetesClientException e) {
                    throw e.getCode() == 409 ? new AlreadyExists(e) : e;
                }
            });
            LOG.infof("created FlinkDeployment %s", definition.ref());
            return LaunchResult.CREATED;
        } catch (AlreadyExists e) {
            FlinkDeployment existing = Calls.call(() -> named(definition.ref()).get());
            Map<String, String> annotations = existing == null ? Map.of()
                    : Objects.requireNonNullElse(existing.getMetadata().getAnnotations(), Map.of());
            if (existing != null && Objects.equals(annotations.get(REQUEST_ID), definition.request().id())
                    && Objects.equals(annotations.get(REQUEST_SOURCE), definition.request().source())) {
                return LaunchResult.ALREADY_EXISTS;
            }
            throw new RuntimeRefusedException("a FlinkDeployment named " + definition.ref()
                    + " exists and was not made by this request", e);
        }
    }

    @Override
    public Optional<JobRecord> find(String name) {
        for (String namespace : policy.allowedNamespaces()) {
            FlinkDeployment found = Calls.call(() -> resources().inNamespace(namespace).withName(name).get());
            if (found != null && MANAGED_BY.equals(found.getMetadata().getLabels().get(MANAGED_BY_LABEL))) {
                return Optional.of(reader.read(found));
            }
        }
        return Optional.empty();
    }

    @Override
    public void rescale(JobRef ref, int parallelism, RequestContext request) {
        apply(ref, FlinkDeploymentPatches.rescale(parallelism, deployments.json(request)));
    }

    @Override
    public void stop(JobRef ref, boolean withSavepoint, RequestContext request) {
        apply(ref, FlinkDeploymentPatches.suspend(withSavepoint, request == null ? null : deployments.json(request)));
    }

    @Override
    public void triggerSavepoint(JobRef ref, String trigger, String targetDirectory, RequestContext request) {
        if (targetDirectory != null) {
            throw new RuntimeRefusedException("the operator runtime writes savepoints to the job's "
                    + "state.savepoints.dir; targetDirectory cannot be chosen per savepoint", null);
        }
        apply(ref, FlinkDeploymentPatches.triggerSavepoint(trigger, deployments.json(request)));
    }

    @Override
    public void restart(JobRef ref, int attempt) {
        apply(ref, FlinkDeploymentPatches.restart(attempt));
    }

    @Override
    public void delete(JobRef ref) {
        Calls.run(() -> named(ref).delete());
        LOG.infof("deleted FlinkDeployment %s", ref);
    }

    @Override
    public void record(JobRef ref, TrackingState state) {
        apply(ref, FlinkDeploymentPatches.tracking(deployments.json(state)));
    }

    @Override
    public Optional<String> unavailableReason() {
        String namespace = policy.allowedNamespaces().get(0);
        try {
            resources().inNamespace(namespace).list(new ListOptionsBuilder().withLimit(1L).build());
            return Optional.empty();
        } catch (KubernetesClientException e) {
            return Optional.of("cannot list FlinkDeployments in " + namespace + ": " + Calls.describe(e));
        }
    }

    /**
     * Sends a patch built by {@link FlinkDeploymentPatches} as a JSON merge patch, straight over HTTP:
     * fabric8's typed patch would first GET the whole resource to learn where to send it.
     */
    private void apply(JobRef ref, Map<String, Object> patch) {
        String json = deployments.json(patch);
        Calls.run(() -> writes.mergePatch(ref, json));
    }

    private MixedOperation<FlinkDeployment, KubernetesResourceList<FlinkDeployment>, Resource<FlinkDeployment>> resources() {
        return client.resources(FlinkDeployment.class);
    }

    private Resource<FlinkDeployment> named(JobRef ref) {
        return resources().inNamespace(ref.namespace()).withName(ref.name());
    }

    private static JobRef ref(FlinkDeployment deployment) {
        return new JobRef(deployment.getMetadata().getNamespace(), deployment.getMetadata().getName());
    }
}
