package dev.fling.runtime.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fling.runtime.operator.model.FlinkDeployment;
import dev.fling.runtime.operator.model.FlinkDeploymentSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VersionOnlyStoreTest {

    private final VersionOnlyStore store = new VersionOnlyStore();

    @Test
    void givesBackTheNameAndVersionOfWhatItReplaces() {
        FlinkDeployment first = deployment("7");
        String key = store.getKey(first);

        assertThat(store.put(key, first)).isNull();
        FlinkDeployment before = store.put(key, deployment("8"));

        assertThat(key).isEqualTo("analytics/nightly-0123456789");
        assertThat(before.getMetadata().getNamespace()).isEqualTo("analytics");
        assertThat(before.getMetadata().getName()).isEqualTo("nightly-0123456789");
        assertThat(before.getMetadata().getResourceVersion()).isEqualTo("7");
        assertThat(store.get(key).getMetadata().getResourceVersion()).isEqualTo("8");
    }

    @Test
    void keepsNothingButTheVersion() {
        String key = store.getKey(deployment("7"));
        store.put(key, deployment("7"));

        FlinkDeployment kept = store.values().findFirst().orElseThrow();

        assertThat(kept.getSpec()).isNull();
        assertThat(kept.getMetadata().getAnnotations()).isNullOrEmpty();
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void forgetsWhatIsRemovedAndIsNotFullState() {
        String key = store.getKey(deployment("7"));
        store.put(key, deployment("7"));

        assertThat(store.remove(key).getMetadata().getResourceVersion()).isEqualTo("7");
        assertThat(store.get(key)).isNull();
        assertThat(store.keySet()).isEmpty();
        // The informer must announce each listed item as it comes, not re-read stubs from here.
        assertThat(store.isFullState()).isFalse();
    }

    private static FlinkDeployment deployment(String resourceVersion) {
        FlinkDeployment deployment = new FlinkDeployment();
        deployment.setMetadata(new ObjectMetaBuilder().withNamespace("analytics").withName("nightly-0123456789")
                .withResourceVersion(resourceVersion).withAnnotations(Map.of("fling.dev/request", "{}")).build());
        deployment.setSpec(new FlinkDeploymentSpec());
        return deployment;
    }
}
