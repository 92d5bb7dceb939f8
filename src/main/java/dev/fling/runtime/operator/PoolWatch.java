package dev.fling.runtime.operator;

import static dev.fling.runtime.operator.SessionResources.IDLE;
import static dev.fling.runtime.operator.SessionResources.POOL_LABEL;

import dev.fling.runtime.operator.model.FlinkDeployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * What the warm pool knows of its deployments: an informer per namespace on the pool's label (a
 * few objects), each change told to the pool so that it tops itself up at once.
 */
final class PoolWatch {

    private static final Logger LOG = Logger.getLogger(PoolWatch.class);

    private final KubernetesClient client;
    private final Map<String, SharedIndexInformer<FlinkDeployment>> informers = new ConcurrentHashMap<>();

    PoolWatch(KubernetesClient client) {
        this.client = client;
    }

    void start(Collection<String> namespaces, Runnable onChange) {
        for (String namespace : namespaces) {
            SharedIndexInformer<FlinkDeployment> informer = client.resources(FlinkDeployment.class)
                    .inNamespace(namespace).withLabel(POOL_LABEL).runnableInformer(0);
            informer.exceptionHandler((started, failure) -> {
                LOG.warnf("watching the warm pool in %s failed (%s); retrying", namespace, failure.getMessage());
                return true;
            });
            informer.addEventHandler(new ResourceEventHandler<>() {
                @Override
                public void onAdd(FlinkDeployment deployment) {
                    onChange.run();
                }

                @Override
                public void onUpdate(FlinkDeployment before, FlinkDeployment after) {
                    onChange.run();
                }

                @Override
                public void onDelete(FlinkDeployment deployment, boolean finalStateUnknown) {
                    onChange.run();
                }
            });
            informer.start();
            informers.put(namespace, informer);
        }
    }

    void stop() {
        informers.values().forEach(SharedIndexInformer::stop);
        informers.clear();
    }

    /** Once every informer has listed its namespace: before that, a missing deployment may only be unseen. */
    boolean synced() {
        return !informers.isEmpty() && informers.values().stream().allMatch(SharedIndexInformer::hasSynced);
    }

    List<FlinkDeployment> all() {
        return informers.values().stream().flatMap(i -> i.getStore().list().stream()).toList();
    }

    /** The pooled deployments of a namespace that no job has taken yet. */
    List<FlinkDeployment> idle(String namespace) {
        SharedIndexInformer<FlinkDeployment> informer = informers.get(namespace);
        return informer == null ? List.of() : informer.getStore().list().stream()
                .filter(d -> IDLE.equals(d.getMetadata().getLabels().get(POOL_LABEL))).toList();
    }
}
