package dev.fling.runtime.operator;

import static dev.fling.runtime.operator.Annotations.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.admission.DefaultsConfig;
import dev.fling.admission.PolicyConfig;
import dev.fling.events.RequestContext;
import dev.fling.runtime.FlinkRuntime;
import dev.fling.runtime.JobDefinition;
import dev.fling.runtime.JobListener;
import dev.fling.runtime.JobRecord;
import dev.fling.runtime.JobRef;
import dev.fling.runtime.QueueTicket;
import dev.fling.runtime.RuntimeRefusedException;
import dev.fling.runtime.TrackingState;
import dev.fling.runtime.operator.model.FlinkDeployment;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
    private final KubernetesClient client;
    private final PolicyConfig policy;
    private final FlinkDeployments deployments;
    private final DeploymentWrites writes;
    private final StatusInterpreter interpreter;
    private final JobRecordReader reader;
    private final DeploymentWatch watch;
    private final SessionJobs sessionJobs;
    private final OwnWrites ownWrites;

    public OperatorRuntime(KubernetesClient client, OperatorConfig config, PolicyConfig policy, DefaultsConfig defaults,
            ObjectMapper mapper) {
        this.client = client;
        this.policy = policy;
        this.deployments = new FlinkDeployments(config, mapper);
        this.writes = new DeploymentWrites(client);
        this.interpreter = new StatusInterpreter(mapper);
        this.reader = new JobRecordReader(mapper);
        this.ownWrites = new OwnWrites(mapper.getFactory());
        this.watch = new DeploymentWatch(client, policy.allowedNamespaces(), interpreter, reader, ownWrites,
                this::unavailableReason, config.watchEchoWithin());
        this.sessionJobs = new SessionJobs(client, policy.allowedNamespaces(), config,
                PoolShape.defaults(policy.allowedNamespaces(), defaults), deployments, interpreter, reader, mapper);
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

    /** Follows the deployments from a thread of its own, beside the rest of start-up ({@link DeploymentWatch}). */
    @Override
    public void watch(JobListener listener) {
        watch.start(listener);
        sessionJobs.start(listener);
    }

    @PreDestroy
    void stop() {
        watch.stop();
        sessionJobs.stop();
    }

    @Override
    public LaunchResult launch(JobDefinition definition) {
        Optional<LaunchResult> warm = sessionJobs.launch(definition);
        if (warm.isPresent()) {
            return warm.get();
        }
        FlinkDeployment desired = deployments.desired(definition);
        try {
            Calls.run(() -> {
                try {
                    writes.create(desired);
                    watch.written(definition.ref().namespace());
                } catch (KubernetesClientException e) {
                    throw e.getCode() == 409 ? new AlreadyExists(e) : e;
                }
            });
            LOG.infof("created FlinkDeployment %s", definition.ref());
            return LaunchResult.CREATED;
        } catch (AlreadyExists e) {
            if (madeBy(Calls.call(() -> named(definition.ref()).get()), definition.request())) {
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
        return sessionJobs.find(name);
    }

    @Override
    public void rescale(JobRef ref, int parallelism, RequestContext request) {
        apply(ref, FlinkDeploymentPatches.rescale(parallelism, deployments.json(request), null));
    }

    /** The new parallelism and the tracking state in one merge patch. */
    @Override
    public void rescale(JobRef ref, int parallelism, RequestContext request, TrackingState state) {
        apply(ref, FlinkDeploymentPatches.rescale(parallelism, deployments.json(request), deployments.json(state)));
    }

    @Override
    public void stop(JobRef ref, boolean withSavepoint, RequestContext request) {
        String cancelRequest = request == null ? null : deployments.json(request);
        // One read: only a job still waiting in the queue is withdrawn rather than suspended.
        Optional<QueueTicket> waiting = Optional.ofNullable(Calls.call(() -> named(ref).get())).map(reader::read)
                .map(JobRecord::queue).filter(QueueTicket::waiting);
        if (waiting.isPresent()) {
            apply(ref, FlinkDeploymentPatches.withdraw(
                    deployments.json(waiting.get().with(QueueTicket.Standing.WITHDRAWN)), cancelRequest));
            LOG.infof("withdrew FlinkDeployment %s from the queue before it ran", ref);
            return;
        }
        apply(ref, FlinkDeploymentPatches.suspend(withSavepoint, cancelRequest));
    }

    @Override
    public void admit(JobRef ref, QueueTicket admitted) {
        apply(ref, FlinkDeploymentPatches.admit(deployments.json(admitted)));
        LOG.infof("let FlinkDeployment %s in from the queue (tenant %s)", ref, admitted.tenant());
    }

    /** Once every informer has listed what is there: before, the queue would not see every job that runs. */
    @Override
    public boolean caughtUp() {
        return watch.synced() && sessionJobs.synced();
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
        apply(ref, FlinkDeploymentPatches.restart(attempt, null));
    }

    /** The restart nonce and the tracking state in one merge patch. */
    @Override
    public void restart(JobRef ref, int attempt, TrackingState state) {
        apply(ref, FlinkDeploymentPatches.restart(attempt, deployments.json(state)));
    }

    @Override
    public void delete(JobRef ref) {
        if (sessionJobs.holds(ref)) {
            sessionJobs.delete(ref);
            return;
        }
        if (!Calls.call(() -> named(ref).delete()).isEmpty()) {
            watch.written(ref.namespace()); // a deployment already gone sends no echo
        }
        ownWrites.forget(ref);
        LOG.infof("deleted FlinkDeployment %s", ref);
    }

    /** The tracking annotation alone; the informer drops the echo of this patch ({@link OwnWrites}). */
    @Override
    public void record(JobRef ref, TrackingState state) {
        byte[] answer = apply(ref, FlinkDeploymentPatches.tracking(deployments.json(state)));
        ownWrites.patched(ref, answer);
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

    /** A warm pool that cannot keep session deployments ready: launches start cold meanwhile, Fling stays ready. */
    @Override
    public Map<String, String> degraded() {
        return sessionJobs.poolProblem().map(problem -> Map.of("warm-pool", problem)).orElse(Map.of());
    }

    /**
     * Sends a patch built by {@link FlinkDeploymentPatches} as a JSON merge patch, straight over HTTP:
     * fabric8's typed patch would first GET the whole resource to learn where to send it.
     */
    private byte[] apply(JobRef ref, Map<String, Object> patch) {
        String json = deployments.json(patch);
        if (sessionJobs.holds(ref)) {
            sessionJobs.mergePatch(ref, json);
            return null; // a session job's echo comes on its own watch, which OwnWrites does not filter
        }
        byte[] answer = Calls.call(() -> writes.mergePatch(ref, json));
        watch.written(ref.namespace());
        return answer;
    }

    private MixedOperation<FlinkDeployment, KubernetesResourceList<FlinkDeployment>, Resource<FlinkDeployment>> resources() {
        return client.resources(FlinkDeployment.class);
    }

    private Resource<FlinkDeployment> named(JobRef ref) {
        return resources().inNamespace(ref.namespace()).withName(ref.name());
    }

    static JobRef ref(FlinkDeployment deployment) {
        return new JobRef(deployment.getMetadata().getNamespace(), deployment.getMetadata().getName());
    }
}
