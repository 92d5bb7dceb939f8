package dev.fling.runtime.operator;

import static dev.fling.runtime.operator.Annotations.MANAGED_BY;
import static dev.fling.runtime.operator.Annotations.MANAGED_BY_LABEL;

import dev.fling.runtime.JobListener;
import dev.fling.runtime.JobObservation;
import dev.fling.runtime.JobRecord;
import dev.fling.runtime.JobRef;
import dev.fling.runtime.LaunchPhases;
import dev.fling.runtime.operator.model.FlinkDeployment;
import dev.fling.runtime.operator.model.FlinkDeploymentSpec;
import dev.fling.runtime.operator.model.FlinkSessionJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Follows Fling's FlinkSessionJobs (the warm-started jobs) in every allowed namespace and hands
 * each change to the listener, read and interpreted by the same rules as a FlinkDeployment's: a
 * session job's status is the operator's same CommonStatus and its {@code spec.job} the same
 * JobSpec, so the pitfalls {@link StatusInterpreter} handles are handled here too. Its launch
 * phases say {@code warm}.
 */
final class SessionJobWatch {

    private static final Logger LOG = Logger.getLogger(SessionJobWatch.class);

    private final KubernetesClient client;
    private final List<String> namespaces;
    private final StatusInterpreter interpreter;
    private final JobRecordReader reader;
    private final Map<String, SharedIndexInformer<FlinkSessionJob>> informers = new ConcurrentHashMap<>();

    SessionJobWatch(KubernetesClient client, List<String> namespaces, StatusInterpreter interpreter,
            JobRecordReader reader) {
        this.client = client;
        this.namespaces = namespaces;
        this.interpreter = interpreter;
        this.reader = reader;
    }

    synchronized void start(JobListener listener) {
        client.getKubernetesSerialization().registerKubernetesResource(FlinkSessionJob.class);
        for (String namespace : namespaces) {
            SharedIndexInformer<FlinkSessionJob> informer = client.resources(FlinkSessionJob.class)
                    .inNamespace(namespace).withLabel(MANAGED_BY_LABEL, MANAGED_BY).runnableInformer(0);
            informer.exceptionHandler((started, failure) -> {
                LOG.warnf("watching FlinkSessionJobs in %s failed (%s); retrying", namespace, failure.getMessage());
                return true;
            });
            informer.addEventHandler(new ResourceEventHandler<>() {
                @Override
                public void onAdd(FlinkSessionJob job) {
                    deliver(listener, job);
                }

                @Override
                public void onUpdate(FlinkSessionJob before, FlinkSessionJob after) {
                    if (!Objects.equals(before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion())) {
                        deliver(listener, after);
                    }
                }

                @Override
                public void onDelete(FlinkSessionJob job, boolean finalStateUnknown) {
                    listener.removed(new JobRef(job.getMetadata().getNamespace(), job.getMetadata().getName()));
                }
            });
            informer.start();
            informers.put(namespace, informer);
        }
    }

    /** Whether every namespace's informer has listed the session jobs once. */
    boolean synced() {
        return !informers.isEmpty() && informers.values().stream().allMatch(SharedIndexInformer::hasSynced);
    }

    /** Whether a FlinkSessionJob of that name is known (listed or seen since). */
    boolean knows(JobRef ref) {
        SharedIndexInformer<FlinkSessionJob> informer = informers.get(ref.namespace());
        return informer != null && informer.getStore().getByKey(ref.namespace() + "/" + ref.name()) != null;
    }

    synchronized void stop() {
        informers.values().forEach(SharedIndexInformer::stop);
        informers.clear();
    }

    private void deliver(JobListener listener, FlinkSessionJob job) {
        try {
            FlinkDeployment view = asDeployment(job);
            JobRecord record = reader.read(view);
            JobObservation seen = interpreter.interpret(view);
            if (seen.launch() != null) {
                seen = seen.withLaunch(new LaunchPhases(LaunchPhases.Start.WARM, seen.launch().phases()));
            }
            listener.observed(record, StatusInterpreter.held(record.queue(), seen));
        } catch (RuntimeException e) {
            LOG.warnf(e, "could not process the status of FlinkSessionJob %s/%s", job.getMetadata().getNamespace(),
                    job.getMetadata().getName());
        }
    }

    /**
     * The session job as the FlinkDeployment it stands for: its metadata (Fling's annotations), its
     * {@code spec.job} and its status, which have the same shape on both kinds.
     */
    static FlinkDeployment asDeployment(FlinkSessionJob job) {
        FlinkDeployment view = new FlinkDeployment();
        view.setMetadata(job.getMetadata());
        FlinkDeploymentSpec spec = new FlinkDeploymentSpec();
        spec.job = job.getSpec() == null ? null : job.getSpec().job;
        view.setSpec(spec);
        view.setStatus(job.getStatus());
        return view;
    }
}
