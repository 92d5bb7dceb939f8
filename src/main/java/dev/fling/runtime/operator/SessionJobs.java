package dev.fling.runtime.operator;

import static dev.fling.runtime.operator.Annotations.*;

import dev.fling.runtime.FlinkRuntime.LaunchResult;
import dev.fling.runtime.JobDefinition;
import dev.fling.runtime.JobListener;
import dev.fling.runtime.JobRecord;
import dev.fling.runtime.JobRef;
import dev.fling.runtime.RuntimeRefusedException;
import dev.fling.runtime.operator.model.FlinkDeployment;
import dev.fling.runtime.operator.model.FlinkSessionJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The warm path of the operator runtime: a launch that fits a ready pooled session deployment
 * ({@link SessionPool}) becomes a FlinkSessionJob on it, named after the job and carrying what a
 * FlinkDeployment of the job would carry; the deployment belongs to the job from then on and is
 * deleted with it. Commands on such a job are the same merge patches as on a FlinkDeployment
 * ({@link FlinkDeploymentPatches}), sent to its FlinkSessionJob: the operator acts on the same
 * {@code spec.job} fields for both kinds. Hooked into {@link OperatorRuntime}.
 */
final class SessionJobs {

    private static final Logger LOG = Logger.getLogger(SessionJobs.class);

    private final KubernetesClient client;
    private final List<String> namespaces;
    private final SessionResources resources;
    private final FlinkDeployments deployments;
    private final JobRecordReader reader;
    private final SessionJobWatch watch;
    private final SessionPool pool;
    /** Session jobs this Fling created that its informer may not have seen yet. */
    private final Set<JobRef> created = ConcurrentHashMap.newKeySet();

    SessionJobs(KubernetesClient client, List<String> namespaces, OperatorConfig config, List<PoolShape> shapes,
            FlinkDeployments deployments, StatusInterpreter interpreter, JobRecordReader reader,
            com.fasterxml.jackson.databind.ObjectMapper mapper) {
        this.client = client;
        this.namespaces = namespaces;
        this.deployments = deployments;
        this.reader = reader;
        this.resources = new SessionResources(deployments);
        this.watch = new SessionJobWatch(client, namespaces, interpreter, reader);
        this.pool = new SessionPool(client, resources, mapper, shapes, config.warmPool().size(),
                config.warmPool().startTimeout(), this::holds, watch::synced);
    }

    /**
     * Follows the session jobs and keeps the pool, only with a pool: without one, a cluster whose
     * operator has no FlinkSessionJob CRD, or a Role without flinksessionjobs, works as before.
     */
    void start(JobListener listener) {
        if (pool.enabled()) {
            watch.start(listener);
            pool.start();
        }
    }

    void stop() {
        pool.stop();
        watch.stop();
    }

    boolean synced() {
        return !pool.enabled() || watch.synced();
    }

    Optional<String> poolProblem() {
        return pool.problem();
    }

    /** Whether the job runs as a FlinkSessionJob (its commands go there). */
    boolean holds(JobRef ref) {
        return created.contains(ref) || watch.knows(ref);
    }

    /**
     * Launches the job warm if it fits a ready pooled deployment; empty when it goes cold. A
     * redelivered launch finds its session job, and one that went cold before keeps its FlinkDeployment.
     */
    Optional<LaunchResult> launch(JobDefinition job) {
        if (holds(job.ref())) {
            return Optional.of(existing(job, null));
        }
        if (!pool.anyReadyFor(job) || Calls.call(() -> client.resources(FlinkDeployment.class)
                .inNamespace(job.ref().namespace()).withName(job.ref().name()).get()) != null) {
            return Optional.empty();
        }
        Optional<FlinkDeployment> taken = pool.take(job, deployments.annotations(job));
        if (taken.isEmpty()) {
            return Optional.empty();
        }
        String deploymentName = taken.get().getMetadata().getName();
        try {
            Calls.run(() -> client.resource(resources.sessionJob(job, deploymentName)).create());
        } catch (RuntimeException e) {
            // Nothing runs on it: delete rather than hand back (the pool refills).
            Calls.run(() -> client.resources(FlinkDeployment.class).inNamespace(job.ref().namespace())
                    .withName(deploymentName).delete());
            if (e.getCause() instanceof KubernetesClientException k && k.getCode() == 409) {
                return Optional.of(existing(job, e));
            }
            throw e;
        }
        created.add(job.ref());
        LOG.infof("created FlinkSessionJob %s on pooled deployment %s", job.ref(), deploymentName);
        return Optional.of(LaunchResult.CREATED);
    }

    private LaunchResult existing(JobDefinition job, RuntimeException cause) {
        if (madeBy(Calls.call(() -> named(job.ref()).get()), job.request())) {
            return LaunchResult.ALREADY_EXISTS;
        }
        throw new RuntimeRefusedException("a FlinkSessionJob named " + job.ref()
                + " exists and was not made by this request", cause);
    }

    /** The warm-started job of that name, in whichever allowed namespace holds it. */
    Optional<JobRecord> find(String name) {
        if (!pool.enabled()) {
            return Optional.empty();
        }
        for (String namespace : namespaces) {
            FlinkSessionJob found = Calls.call(() -> client.resources(FlinkSessionJob.class).inNamespace(namespace)
                    .withName(name).get());
            if (found != null && MANAGED_BY.equals(found.getMetadata().getLabels().get(MANAGED_BY_LABEL))) {
                return Optional.of(reader.read(SessionJobWatch.asDeployment(found)));
            }
        }
        return Optional.empty();
    }

    /** A JSON merge patch of the job's FlinkSessionJob (built by {@link FlinkDeploymentPatches}). */
    void mergePatch(JobRef ref, String patch) {
        Calls.run(() -> named(ref).patch(PatchContext.of(PatchType.JSON_MERGE), patch));
    }

    /**
     * Deletes the session job, then the deployment it ran on: the operator blocks deleting a
     * session cluster while session jobs run on it (kubernetes.operator.session.deletion.block-on-session-jobs).
     */
    void delete(JobRef ref) {
        Calls.run(() -> named(ref).delete());
        deleteDeploymentOf(ref);
        created.remove(ref);
        LOG.infof("deleted FlinkSessionJob %s and its session deployment", ref);
    }

    /** Listed, then deleted by name: a delete by label selector would need the deletecollection verb. */
    private void deleteDeploymentOf(JobRef ref) {
        Calls.call(() -> client.resources(FlinkDeployment.class).inNamespace(ref.namespace())
                .withLabel(SessionResources.POOL_LABEL, SessionResources.TAKEN).withLabel(JOB_LABEL, ref.name())
                .list().getItems()).forEach(deployment -> Calls.run(() -> client.resources(FlinkDeployment.class)
                        .inNamespace(ref.namespace()).withName(deployment.getMetadata().getName()).delete()));
    }

    private Resource<FlinkSessionJob> named(JobRef ref) {
        return client.resources(FlinkSessionJob.class).inNamespace(ref.namespace()).withName(ref.name());
    }
}
