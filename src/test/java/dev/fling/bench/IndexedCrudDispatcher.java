package dev.fling.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mock API server's CRUD dispatcher, made to scale as a real API server does, so that with
 * thousands of FlinkDeployments the mock does not set the pace:
 * <ul>
 * <li>An index by kind, namespace and name. The plain dispatcher matches every stored resource's
 * attributes on every get, create and patch (JFR: most of the benchmark JVM's samples were in
 * {@code AttributeSet.satisfiesAttribute}). The index mirrors every write ({@link #processEvent}).
 * <li>A list honours {@code limit}. The plain one returns everything: Fling's readiness probe
 * (a list with limit=1 every 5 s) fetched all 8,000 deployments, 27 MB of JSON, while the mock held
 * its lock, stalling every write for most of a second. Only the first page is served (no
 * {@code continue}); nothing here pages further.
 * </ul>
 * Everything else (lists without a limit, label selectors, watches) is left as it was.
 */
class IndexedCrudDispatcher extends KubernetesCrudDispatcher {

    private static final Pattern LIMIT = Pattern.compile("[?&]limit=(\\d+)");

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
        Matcher limit = LIMIT.matcher(path);
        if (limit.find() && !path.contains("watch=")) {
            return firstPage(path, Integer.parseInt(limit.group(1)));
        }
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

    private MockResponse firstPage(String path, int limit) {
        AttributeSet query = getAttributeExtractor().fromPath(path);
        List<String> items = new ArrayList<>();
        synchronized (map) {
            for (Map.Entry<AttributeSet, String> entry : map.entrySet()) {
                if (items.size() == limit) {
                    break;
                }
                if (entry.getKey().matches(query)) {
                    items.add(entry.getValue());
                }
            }
        }
        return new MockResponse().setResponseCode(200).setBody(getResponseComposer().compose(items));
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
