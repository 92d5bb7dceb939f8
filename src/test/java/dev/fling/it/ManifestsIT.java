package dev.fling.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.fling.events.RequestType;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The manifests {@code mvn package} writes to target/kubernetes/: kubernetes.yml (Quarkus's generated
 * Deployment and Service merged with the RBAC from src/main/kubernetes/kubernetes.yml) and the Knative
 * resources copied from src/main/kubernetes/knative/.
 */
class ManifestsIT {

    static final Path DIRECTORY = Path.of("target", "kubernetes");
    static final Path MANIFESTS = DIRECTORY.resolve("kubernetes.yml");
    static final Path TRIGGERS = DIRECTORY.resolve("knative-triggers.yml");
    static final Path KAFKA_SOURCE = DIRECTORY.resolve("knative-kafkasource-example.yml");
    static final String SERVICE_ACCOUNT = "fling";
    static final String FLINK_ROLE = "fling-flinkdeployments";
    static final String LEADER_ROLE = "fling-leader-election";
    static final String TOKEN_REVIEW_ROLE = "fling-tokenreview";
    /** fling.ha.lease-name's default. */
    static final String LEASE = "fling-leader";
    static final String DEAD_LETTER_SINK = "fling-dead-letters";
    /** The Knative subjects fling allows; the Trigger's OIDC service account is named so by Knative. */
    static final String TRIGGER_IDENTITY = "system:serviceaccount:$(KUBERNETES_NAMESPACE):%s-oidc-eventing.knative.dev-trigger";

    static List<HasMetadata> resources;
    static List<GenericKubernetesResource> triggersFile;
    static List<GenericKubernetesResource> kafkaSourceFile;

    @BeforeAll
    static void load() throws IOException {
        assertThat(MANIFESTS).as("run `mvn package` first").exists();
        try (InputStream in = Files.newInputStream(MANIFESTS)) {
            // A multi-document stream comes back as a List<HasMetadata>.
            resources = new KubernetesSerialization().unmarshal(in);
        }
        triggersFile = generic(TRIGGERS);
        kafkaSourceFile = generic(KAFKA_SOURCE);
    }

    /** Knative kinds are not in the test classpath's model: read them as plain objects. */
    private static List<GenericKubernetesResource> generic(Path file) throws IOException {
        assertThat(file).as("run `mvn package` first").exists();
        try (MappingIterator<GenericKubernetesResource> documents =
                new YAMLMapper().readerFor(GenericKubernetesResource.class).readValues(file.toFile())) {
            return documents.readAll().stream().filter(Objects::nonNull).toList();
        }
    }

    // ---- kubernetes.yml ----------------------------------------------------------------------

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
    void everythingNamespacedLandsInOneNamespace() {
        String namespace = namespace();

        assertThat(namespace).isNotBlank();
        assertThat(resources)
                .filteredOn(r -> !(r instanceof ClusterRole) && !(r instanceof ClusterRoleBinding))
                .allSatisfy(r -> assertThat(r.getMetadata().getNamespace())
                        .as("%s %s", r.getKind(), r.getMetadata().getName())
                        .isEqualTo(namespace));
    }

    @Test
    void serviceExposesPort80OnTheHttpPortWhereKnativeDelivers() {
        // Knative resolves a v1 Service reference to http://fling.<namespace>.svc.cluster.local (port 80).
        Service service = one(Service.class, "fling");
        Container container = container();

        assertThat(deployment().getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(service.getSpec().getSelector());
        ServicePort http = service.getSpec().getPorts().stream()
                .filter(p -> p.getPort() == 80)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no port 80 in Service fling"));
        assertThat(container.getPorts())
                .anySatisfy(p -> assertThat(p.getContainerPort()).isEqualTo(http.getTargetPort().getIntVal()));
    }

    @Test
    void flinkDeploymentRoleGrantsExactlyTheVerbsFlingUses() {
        Role role = one(Role.class, FLINK_ROLE);

        assertThat(role.getRules()).hasSize(3);
        assertRule(role.getRules().get(0), "flink.apache.org", "flinkdeployments",
                List.of("get", "list", "watch", "create", "patch", "delete"), List.of());
        assertRule(role.getRules().get(1), "flink.apache.org", "flinksessionjobs",
                List.of("get", "list", "watch", "create", "patch", "delete"), List.of());
        assertRule(role.getRules().get(2), "", "events", List.of("get"), List.of());
    }

    @Test
    void leaderElectionRoleGrantsExactlyWhatLeaseLockUses() {
        // fabric8 7.5.2 LeaseLock -> ResourceLock: get() GET, create() POST, update() JSON merge PATCH.
        Role role = one(Role.class, LEADER_ROLE);

        assertThat(role.getRules()).hasSize(2);
        assertRule(role.getRules().get(0), "coordination.k8s.io", "leases", List.of("create"), List.of());
        assertRule(role.getRules().get(1), "coordination.k8s.io", "leases", List.of("get", "patch"), List.of(LEASE));
    }

    @Test
    void tokenReviewClusterRoleGrantsOnlyCreateTokenReviews() {
        ClusterRole role = one(ClusterRole.class, TOKEN_REVIEW_ROLE);

        assertThat(role.getAggregationRule()).isNull();
        assertThat(role.getRules()).hasSize(1);
        assertRule(role.getRules().get(0), "authentication.k8s.io", "tokenreviews", List.of("create"), List.of());
    }

    @Test
    void noRbacBeyondFlingsOwnRolesIsGenerated() {
        assertThat(all(Role.class)).extracting(r -> r.getMetadata().getName())
                .containsExactlyInAnyOrder(FLINK_ROLE, LEADER_ROLE);
        assertThat(all(RoleBinding.class)).extracting(b -> b.getMetadata().getName())
                .containsExactlyInAnyOrder(FLINK_ROLE, LEADER_ROLE);
        assertThat(all(ClusterRole.class)).extracting(r -> r.getMetadata().getName())
                .containsExactly(TOKEN_REVIEW_ROLE);
        assertThat(all(ClusterRoleBinding.class)).extracting(b -> b.getMetadata().getName())
                .containsExactly(TOKEN_REVIEW_ROLE);
    }

    @Test
    void roleBindingsBindTheirRoleToServiceAccountFling() {
        for (String name : List.of(FLINK_ROLE, LEADER_ROLE)) {
            RoleBinding binding = one(RoleBinding.class, name);
            assertBinding(binding.getRoleRef(), "Role", name, binding.getSubjects());
        }
    }

    @Test
    void clusterRoleBindingBindsTokenReviewsToServiceAccountFlingInItsNamespace() {
        ClusterRoleBinding binding = one(ClusterRoleBinding.class, TOKEN_REVIEW_ROLE);

        assertBinding(binding.getRoleRef(), "ClusterRole", TOKEN_REVIEW_ROLE, binding.getSubjects());
        // Required for a ClusterRoleBinding (nothing to default it from), and must be where fling runs.
        assertThat(binding.getSubjects().get(0).getNamespace()).isEqualTo(namespace());
    }

    @Test
    void deploymentRunsTwoReplicasWithLeaderElection() {
        assertThat(deployment().getSpec().getReplicas()).isEqualTo(2);
        assertThat(value("FLING_HA_ENABLED")).isEqualTo("true");
        assertThat(fieldRef("POD_NAMESPACE")).isEqualTo("metadata.namespace");
        assertThat(fieldRef("POD_NAME")).isEqualTo("metadata.name");
        assertThat(value("FLING_RUNTIME")).isEqualTo("operator");
    }

    @Test
    void deploymentReadsSiteSettingsFromConfigMapFling() {
        assertThat(container().getEnvFrom())
                .anySatisfy(source -> assertThat(source.getConfigMapRef().getName()).isEqualTo("fling"));
    }

    @Test
    void deploymentAuthenticatesSendersWithTokenReviewsAllowingExactlyTheTriggers() {
        assertThat(value("FLING_HTTP_AUTH_MODE")).isEqualTo("token-review");
        assertThat(Arrays.asList(value("FLING_HTTP_AUTH_ALLOWED_SUBJECTS").split(",")))
                .containsExactlyInAnyOrderElementsOf(triggers().stream()
                        .map(t -> TRIGGER_IDENTITY.formatted(t.getMetadata().getName()))
                        .toList());
        // $(KUBERNETES_NAMESPACE) is expanded only if that variable comes earlier in the list.
        List<String> names = container().getEnv().stream().map(EnvVar::getName).toList();
        assertThat(names.indexOf("KUBERNETES_NAMESPACE"))
                .isNotNegative()
                .isLessThan(names.indexOf("FLING_HTTP_AUTH_ALLOWED_SUBJECTS"));
        assertThat(fieldRef("KUBERNETES_NAMESPACE")).isEqualTo("metadata.namespace");
    }

    @Test
    void deploymentProbesUseTheHealthEndpoints() {
        Container container = container();

        assertThat(path(container.getReadinessProbe())).isEqualTo("/q/health/ready");
        assertThat(path(container.getLivenessProbe())).isEqualTo("/q/health/live");
    }

    @Test
    void kubernetesYmlInstallsWithoutKnativeOrPrometheusOperator() {
        assertThat(resources).extracting(HasMetadata::getApiVersion)
                .allSatisfy(apiVersion -> assertThat(apiVersion)
                        .doesNotContain("knative.dev")
                        .doesNotContain("monitoring.coreos.com"));
    }

    // ---- Knative -----------------------------------------------------------------------------

    @Test
    void oneTriggerPerRequestTypeFilteredOnExactlyThatType() {
        Map<String, String> typeByTrigger = triggers().stream().collect(Collectors.toMap(
                t -> t.getMetadata().getName(),
                t -> {
                    Map<String, Object> attributes = t.get("spec", "filter", "attributes");
                    assertThat(attributes).as(t.getMetadata().getName()).containsOnlyKeys("type");
                    return (String) attributes.get("type");
                }));

        assertThat(typeByTrigger).isEqualTo(Stream.of(RequestType.values())
                .collect(Collectors.toMap(t -> "fling-" + t.shortName(), RequestType::type)));
    }

    @Test
    void triggersDeliverToServiceFlingOnTheBrokerDefault() {
        assertThat(triggers()).isNotEmpty().allSatisfy(t -> {
            assertThat(t.getApiVersion()).isEqualTo("eventing.knative.dev/v1");
            assertThat((String) t.get("spec", "broker")).isEqualTo("default");
            assertThat((String) t.get("spec", "subscriber", "ref", "apiVersion")).isEqualTo("v1");
            assertThat((String) t.get("spec", "subscriber", "ref", "kind")).isEqualTo("Service");
            assertThat((String) t.get("spec", "subscriber", "ref", "name")).isEqualTo(one(Service.class, "fling").getMetadata().getName());
            assertThat((String) t.get("spec", "subscriber", "uri")).isEqualTo("/");
            // A plain Service announces no OIDC audience: the Trigger names the one fling checks.
            assertThat((String) t.get("spec", "subscriber", "audience")).isEqualTo(value("FLING_HTTP_AUTH_AUDIENCE"));
        });
    }

    @Test
    void triggersRetryWithBackoffThenDeadLetterToTheKafkaSink() {
        GenericKubernetesResource sink = knative(triggersFile, "KafkaSink", DEAD_LETTER_SINK);
        assertThat(sink.getApiVersion()).isEqualTo("eventing.knative.dev/v1alpha1");
        assertThat((String) sink.get("spec", "topic")).isEqualTo("fling.requests.knative-dlq");
        assertThat((List<?>) sink.get("spec", "bootstrapServers")).isNotEmpty();

        assertThat(triggers()).isNotEmpty().allSatisfy(t -> {
            assertThat((Integer) t.get("spec", "delivery", "retry")).isEqualTo(5);
            assertThat((String) t.get("spec", "delivery", "backoffPolicy")).isEqualTo("exponential");
            assertThat((String) t.get("spec", "delivery", "backoffDelay")).isEqualTo("PT0.5S");
            Map<String, Object> deadLetter = t.get("spec", "delivery", "deadLetterSink", "ref");
            assertThat(deadLetter).containsEntry("apiVersion", sink.getApiVersion())
                    .containsEntry("kind", sink.getKind())
                    .containsEntry("name", DEAD_LETTER_SINK);
        });
    }

    @Test
    void brokerTheTriggersUseIsInTheSet() {
        GenericKubernetesResource broker = knative(triggersFile, "Broker", "default");

        assertThat(broker.getApiVersion()).isEqualTo("eventing.knative.dev/v1");
        assertThat(triggersFile).extracting(GenericKubernetesResource::getKind)
                .containsOnly("Broker", "KafkaSink", "Trigger");
    }

    @Test
    void kafkaSourceExampleSinksIntoTheBrokerAndNotFromFlingsOwnTopic() {
        assertThat(kafkaSourceFile).hasSize(1);
        GenericKubernetesResource source = kafkaSourceFile.get(0);
        GenericKubernetesResource broker = knative(triggersFile, "Broker", "default");

        assertThat(source.getApiVersion()).isEqualTo("sources.knative.dev/v1beta1");
        assertThat(source.getKind()).isEqualTo("KafkaSource");
        assertThat((List<?>) source.get("spec", "bootstrapServers")).isNotEmpty();
        assertThat((String) source.get("spec", "consumerGroup")).isNotBlank();
        assertThat((List<String>) source.get("spec", "topics"))
                .isNotEmpty()
                .doesNotContain("fling.requests", "fling.requests.dlq", "fling.events");
        Map<String, Object> sink = source.get("spec", "sink", "ref");
        assertThat(sink).containsEntry("apiVersion", broker.getApiVersion())
                .containsEntry("kind", broker.getKind())
                .containsEntry("name", broker.getMetadata().getName());
    }

    @Test
    void knativeFilesLeaveTheNamespaceToKubectl() {
        // Applied with `kubectl apply -n <fling's namespace>`: the Triggers' Service ref resolves there.
        assertThat(Stream.concat(triggersFile.stream(), kafkaSourceFile.stream()))
                .allSatisfy(r -> assertThat(r.getMetadata().getNamespace()).isNull());
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static void assertRule(PolicyRule rule, String apiGroup, String resource, List<String> verbs,
            List<String> resourceNames) {
        assertThat(rule.getApiGroups()).containsExactly(apiGroup);
        assertThat(rule.getResources()).containsExactly(resource);
        assertThat(rule.getVerbs()).containsExactlyInAnyOrderElementsOf(verbs);
        assertThat(rule.getResourceNames() == null ? List.of() : rule.getResourceNames())
                .containsExactlyElementsOf(resourceNames);
        assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
    }

    private static void assertBinding(RoleRef roleRef, String kind, String name, List<Subject> subjects) {
        assertThat(roleRef.getApiGroup()).isEqualTo("rbac.authorization.k8s.io");
        assertThat(roleRef.getKind()).isEqualTo(kind);
        assertThat(roleRef.getName()).isEqualTo(name);
        assertThat(subjects).hasSize(1);
        assertThat(subjects.get(0).getKind()).isEqualTo("ServiceAccount");
        assertThat(subjects.get(0).getName()).isEqualTo(SERVICE_ACCOUNT);
    }

    private static String path(Probe probe) {
        assertThat(probe).isNotNull();
        assertThat(probe.getHttpGet()).isNotNull();
        return probe.getHttpGet().getPath();
    }

    private static String namespace() {
        return deployment().getMetadata().getNamespace();
    }

    private static Deployment deployment() {
        return one(Deployment.class, "fling");
    }

    private static Container container() {
        List<Container> containers = deployment().getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    private static EnvVar env(String name) {
        List<EnvVar> named = container().getEnv().stream().filter(e -> name.equals(e.getName())).toList();
        assertThat(named).as("env %s", name).hasSize(1);
        return named.get(0);
    }

    private static String value(String name) {
        return env(name).getValue();
    }

    private static String fieldRef(String name) {
        EnvVar var = env(name);
        assertThat(var.getValueFrom()).as("env %s valueFrom", name).isNotNull();
        return var.getValueFrom().getFieldRef().getFieldPath();
    }

    private static List<GenericKubernetesResource> triggers() {
        return triggersFile.stream().filter(r -> "Trigger".equals(r.getKind())).toList();
    }

    private static GenericKubernetesResource knative(List<GenericKubernetesResource> file, String kind, String name) {
        List<GenericKubernetesResource> named = file.stream()
                .filter(r -> kind.equals(r.getKind()) && name.equals(r.getMetadata().getName()))
                .toList();
        assertThat(named).as("%s %s", kind, name).hasSize(1);
        return named.get(0);
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
