package dev.fling.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The manifests {@code mvn package} writes to target/kubernetes/kubernetes.yml: Quarkus's generated
 * Deployment and Service merged with the RBAC from src/main/kubernetes/kubernetes.yml.
 */
class ManifestsIT {

    static final Path MANIFESTS = Path.of("target", "kubernetes", "kubernetes.yml");
    static final String SERVICE_ACCOUNT = "fling";
    static final String ROLE = "fling-flinkdeployments";

    static List<HasMetadata> resources;

    @BeforeAll
    static void load() throws IOException {
        assertThat(MANIFESTS).as("run `mvn package` first").exists();
        try (InputStream in = Files.newInputStream(MANIFESTS)) {
            // A multi-document stream comes back as a List<HasMetadata>.
            resources = new KubernetesSerialization().unmarshal(in);
        }
    }

    @Test
    void serviceAccountFlingExistsOnce() {
        assertThat(all(ServiceAccount.class))
                .extracting(sa -> sa.getMetadata().getName())
                .containsExactly(SERVICE_ACCOUNT);
    }

    @Test
    void deploymentRunsAsServiceAccountFling() {
        assertThat(deployment().getSpec().getTemplate().getSpec().getServiceAccountName())
                .isEqualTo(SERVICE_ACCOUNT);
    }

    @Test
    void serviceIsGenerated() {
        assertThat(all(Service.class)).extracting(s -> s.getMetadata().getName()).containsExactly("fling");
    }

    @Test
    void roleGrantsExactlyTheVerbsFlingUses() {
        Role role = one(Role.class, ROLE);

        assertThat(role.getMetadata().getNamespace()).as("lands where installed").isNull();
        assertThat(role.getRules()).hasSize(1);
        PolicyRule rule = role.getRules().get(0);
        assertThat(rule.getApiGroups()).containsExactly("flink.apache.org");
        assertThat(rule.getResources()).containsExactly("flinkdeployments");
        assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "list", "watch", "create", "patch", "delete");
        assertThat(rule.getResourceNames()).isNullOrEmpty();
        assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
    }

    @Test
    void noRbacBeyondFlingsOwnRoleIsGenerated() {
        assertThat(all(Role.class)).extracting(r -> r.getMetadata().getName()).containsExactly(ROLE);
        assertThat(all(RoleBinding.class)).extracting(b -> b.getMetadata().getName()).containsExactly(ROLE);
        assertThat(resources).extracting(HasMetadata::getKind)
                .doesNotContain("ClusterRole", "ClusterRoleBinding");
    }

    @Test
    void roleBindingBindsTheRoleToServiceAccountFling() {
        RoleBinding binding = one(RoleBinding.class, ROLE);

        assertThat(binding.getRoleRef().getApiGroup()).isEqualTo("rbac.authorization.k8s.io");
        assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(binding.getRoleRef().getName()).isEqualTo(ROLE);
        assertThat(binding.getSubjects()).hasSize(1);
        Subject subject = binding.getSubjects().get(0);
        assertThat(subject.getKind()).isEqualTo("ServiceAccount");
        assertThat(subject.getName()).isEqualTo(SERVICE_ACCOUNT);
    }

    @Test
    void deploymentProbesUseTheHealthEndpoints() {
        var container = deployment().getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(path(container.getReadinessProbe())).isEqualTo("/q/health/ready");
        assertThat(path(container.getLivenessProbe())).isEqualTo("/q/health/live");
    }

    private static String path(Probe probe) {
        assertThat(probe).isNotNull();
        assertThat(probe.getHttpGet()).isNotNull();
        return probe.getHttpGet().getPath();
    }

    private static Deployment deployment() {
        return one(Deployment.class, "fling");
    }

    private static <T extends HasMetadata> List<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static <T extends HasMetadata> T one(Class<T> type, String name) {
        List<T> named = all(type).stream().filter(r -> name.equals(r.getMetadata().getName())).toList();
        assertThat(named).as("%s %s", type.getSimpleName(), name).hasSize(1);
        return named.get(0);
    }
}
