package dev.fling.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The mock API server's CRUD dispatcher with an index by kind, namespace and name. The plain one
 * matches every stored resource's attributes on every get, create and patch, so with thousands of
 * FlinkDeployments the mock, not Fling, set the pace (JFR: most of the benchmark JVM's samples in
 * {@code AttributeSet.satisfiesAttribute}); a real API server looks objects up by key. Lookups of
 * one named resource go through the index, which mirrors every write the dispatcher makes
 * ({@link #processEvent}); everything else (lists, label selectors, watches) is left as it was.
 */
class IndexedCrudDispatcher extends KubernetesCrudDispatcher {

    private final Map<String, AttributeSet> index = new ConcurrentHashMap<>();

    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
            GenericKubernetesResource resource, String newValue) {
        super.processEvent(path, pathAttributes, oldAttributes, resource, newValue);
        if (oldAttributes != null) {
            String old = id(oldAttributes);
            if (old != null) {
                index.remove(old);
            }
        }
        if (newValue != null) {
            KubernetesAttributesExtractor extractor = (KubernetesAttributesExtractor) getAttributeExtractor();
            AttributeSet key = resource != null ? extractor.extract(resource)
                    : extractor.fromResource(newValue);
            if (!key.containsKey("plural")) {
                key = AttributeSet.merge(pathAttributes, key);
            }
            String id = id(key);
            if (id != null) {
                index.put(id, key);
            }
        }
    }

    @Override
    public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
        String id = id(query);
        if (id == null) {
            return super.findResource(query);
        }
        AttributeSet key = index.get(id);
        String value = key == null ? null : map.get(key);
        return value == null ? null : Map.entry(key, value);
    }

    @Override
    public MockResponse handleGet(String path) {
        String id = path.contains("?") || path.endsWith("/status") ? null
                : id(getAttributeExtractor().fromPath(path));
        if (id == null) {
            return super.handleGet(path);
        }
        AttributeSet key = index.get(id);
        String value = key == null ? null : map.get(key);
        return value == null ? new MockResponse().setResponseCode(404)
                : new MockResponse().setResponseCode(200).setBody(value);
    }

    /** Kind, namespace and name, when the attributes name one namespaced resource; null otherwise. */
    private static String id(AttributeSet attributes) {
        Attribute plural = attributes.getAttribute("plural");
        Attribute namespace = attributes.getAttribute("namespace");
        Attribute name = attributes.getAttribute("name");
        return plural == null || namespace == null || name == null ? null
                : plural + "/" + namespace + "/" + name;
    }
}
