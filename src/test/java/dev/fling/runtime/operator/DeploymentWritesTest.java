package dev.fling.runtime.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.fling.runtime.JobRef;
import dev.fling.runtime.RuntimeRefusedException;
import dev.fling.runtime.RuntimeUnavailableException;
import dev.fling.runtime.operator.model.FlinkDeployment;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the API server is sent, and how its refusals reach the rest of Fling. */
class DeploymentWritesTest {

    private static final String DEPLOYMENTS = "/apis/flink.apache.org/v1beta1/namespaces/analytics/flinkdeployments";

    private KubernetesMockServer server;
    private KubernetesClient client;
    private DeploymentWrites writes;

    @BeforeEach
    void start() {
        server = new KubernetesMockServer(false);
        server.init();
        client = server.createClient();
        writes = new DeploymentWrites(client);
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void createsTheDeploymentInItsNamespace() throws InterruptedException {
        server.expect().post().withPath(DEPLOYMENTS).andReturn(201, "{}").once();

        writes.create(deployment("nightly-0123456789"));

        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
        FlinkDeployment sent = client.getKubernetesSerialization().unmarshal(request.getBody().readUtf8(),
                FlinkDeployment.class);
        assertThat(sent.getMetadata().getName()).isEqualTo("nightly-0123456789");
        assertThat(sent.getApiVersion()).isEqualTo("flink.apache.org/v1beta1");
        assertThat(sent.getKind()).isEqualTo("FlinkDeployment");
    }

    @Test
    void sendsAJsonMergePatchToTheNamedDeployment() throws InterruptedException {
        server.expect().patch().withPath(DEPLOYMENTS + "/nightly-0123456789").andReturn(200, "{}").once();

        writes.mergePatch(new JobRef("analytics", "nightly-0123456789"), "{\"metadata\":{\"annotations\":{\"a\":\"b\"}}}");

        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request.getMethod()).isEqualTo("PATCH");
        assertThat(request.getHeader("Content-Type")).startsWith("application/merge-patch+json");
        assertThat(request.getBody().readUtf8()).isEqualTo("{\"metadata\":{\"annotations\":{\"a\":\"b\"}}}");
    }

    @Test
    void aRefusalCarriesTheApiServersCodeAndMessage() {
        server.expect().post().withPath(DEPLOYMENTS).andReturn(403, new StatusBuilder().withCode(403)
                .withMessage("flinkdeployments.flink.apache.org is forbidden: User \"fling\" cannot create").build())
                .once();

        KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class,
                () -> writes.create(deployment("nightly-0123456789")));
        assertThat(refused.getCode()).isEqualTo(403);

        RuntimeRefusedException seen = catchThrowableOfType(RuntimeRefusedException.class,
                () -> Calls.run(() -> {
                    throw refused;
                }));
        assertThat(seen).hasMessageContaining("403 flinkdeployments.flink.apache.org is forbidden");
    }

    @Test
    void aNameTakenIsAConflict() {
        server.expect().post().withPath(DEPLOYMENTS).andReturn(409, new StatusBuilder().withCode(409)
                .withReason("AlreadyExists").withMessage("already exists").build()).once();

        KubernetesClientException conflict = catchThrowableOfType(KubernetesClientException.class,
                () -> writes.create(deployment("nightly-0123456789")));

        assertThat(conflict.getCode()).isEqualTo(409);
    }

    @Test
    void anUnreachableApiServerIsForLater() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (KubernetesClient unreachable = new KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client
                .ConfigBuilder().withMasterUrl("http://127.0.0.1:" + closedPort).withRequestRetryBackoffLimit(0)
                .build()).build()) {
            DeploymentWrites toNowhere = new DeploymentWrites(unreachable);

            RuntimeUnavailableException later = catchThrowableOfType(RuntimeUnavailableException.class,
                    () -> Calls.run(() -> toNowhere.mergePatch(new JobRef("analytics", "x"), "{}")));

            assertThat(later).hasMessageStartingWith("Kubernetes API:");
        }
    }

    private static FlinkDeployment deployment(String name) {
        FlinkDeployment deployment = new FlinkDeployment();
        deployment.setMetadata(new ObjectMetaBuilder().withNamespace("analytics").withName(name).build());
        return deployment;
    }
}
