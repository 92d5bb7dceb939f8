package dev.fling.runtime.operator;

import dev.fling.runtime.operator.model.FlinkDeployment;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The informer's store, keeping of each FlinkDeployment only its name and resource version. The
 * tracker keeps what Fling needs of a job; a full copy of every deployment in the informer's
 * cache as well was about half of the heap each tracked job costs (scripts/bench, class
 * histogram). What the informer hands back from its store (the "before" of an update, a deletion
 * found by a re-list) is therefore a stub with only that metadata; only watch events
 * and lists carry whole deployments. Not "full state", so that the informer announces each item
 * of its first list as it arrives rather than re-reading it from here once the list is complete.
 */
final class VersionOnlyStore implements ItemStore<FlinkDeployment> {

    private final Map<String, String> versions = new ConcurrentHashMap<>();

    @Override
    public String getKey(FlinkDeployment deployment) {
        return Cache.metaNamespaceKeyFunc(deployment);
    }

    @Override
    public FlinkDeployment put(String key, FlinkDeployment deployment) {
        String version = Objects.requireNonNullElse(deployment.getMetadata().getResourceVersion(), "");
        return stub(key, versions.put(key, version));
    }

    @Override
    public FlinkDeployment remove(String key) {
        return stub(key, versions.remove(key));
    }

    @Override
    public Stream<String> keySet() {
        return versions.keySet().stream();
    }

    @Override
    public Stream<FlinkDeployment> values() {
        return versions.entrySet().stream().map(entry -> stub(entry.getKey(), entry.getValue()));
    }

    @Override
    public int size() {
        return versions.size();
    }

    @Override
    public FlinkDeployment get(String key) {
        return stub(key, versions.get(key));
    }

    @Override
    public boolean isFullState() {
        return false;
    }

    /** A deployment that only names itself and its version; null when there is no version (nothing stored). */
    private static FlinkDeployment stub(String key, String resourceVersion) {
        if (resourceVersion == null) {
            return null;
        }
        int slash = key.indexOf('/');
        // The ObjectMeta every custom resource starts with, filled in: ObjectMetaBuilder copied every
        // field of an empty one twice, and a stub is made for every watch event (an update's "before").
        FlinkDeployment stub = new FlinkDeployment();
        stub.getMetadata().setNamespace(slash < 0 ? null : key.substring(0, slash));
        stub.getMetadata().setName(key.substring(slash + 1));
        stub.getMetadata().setResourceVersion(resourceVersion);
        return stub;
    }
}
