package dev.fling.testing;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.HashMap;

/**
 * The fabric8 mock API server in CRUD mode, with the Flink operator's own FlinkDeployment and FlinkSessionJob CRDs
 * (from flink-kubernetes-operator-api, so the status subresource behaves as on a cluster) and a
 * {@link TestingFlinkOperator} that moves status the way the operator does, and an authenticator
 * that answers TokenReviews ({@link TestingAuthenticator}).
 */
public final class MockKubernetes implements AutoCloseable {

    /** The CRD as the operator publishes it (API 1.10.0). */
    public static final String CRD_RESOURCE = "META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml";
    /** The FlinkSessionJob CRD from the same release of the operator's API. */
    public static final String SESSION_JOB_CRD_RESOURCE = "META-INF/fabric8/flinksessionjobs.flink.apache.org-v1.yml";

    private static MockKubernetes shared;

    private final KubernetesMockServer server;
    private final NamespacedKubernetesClient client;
    private final TestingFlinkOperator operator;
    private final TestingAuthenticator authenticator;
    private final Thread forgetter;

    private MockKubernetes(KubernetesMockServer server, TestingAuthenticator authenticator) {
        this.server = server;
        this.authenticator = authenticator;
        this.client = server.createClient();
        this.client.apiextensions().v1().customResourceDefinitions().resource(crd()).create();
        this.client.apiextensions().v1().customResourceDefinitions().resource(crd(SESSION_JOB_CRD_RESOURCE)).create();
        this.operator = new TestingFlinkOperator(client);
        this.forgetter = new Thread(this::forgetServedRequests, "mock-kubernetes-forget-requests");
        forgetter.setDaemon(true);
        forgetter.start();
    }

    /**
     * The mock web server keeps every request it served, body and all, for {@code takeRequest()},
     * which nothing here reads. Over a benchmark's hundreds of thousands of requests that filled the
     * benchmark JVM's heap: the mock then stalled for seconds in full collections and stopped
     * answering (scripts/bench --full). Each request is dropped as soon as it is recorded.
     */
    private void forgetServedRequests() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                server.takeRequest();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static synchronized MockKubernetes shared() {
        if (shared == null) {
            shared = start(0);
        }
        return shared;
    }

    /** Stops the JVM's shared instance, if one was started (at the end of the test run). */
    public static synchronized void closeShared() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }

    /** Starts on the given port (0 for any free one). */
    public static MockKubernetes start(int port) {
        return start(port, new TestingAuthenticator());
    }

    /**
     * Starts with the given CRUD dispatcher (a benchmark's, which notes when each write was served);
     * TokenReviews are answered only by a {@link TestingAuthenticator}.
     */
    public static MockKubernetes start(int port, KubernetesCrudDispatcher dispatcher) {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), port);
        return new MockKubernetes(server, dispatcher instanceof TestingAuthenticator a ? a : null);
    }

    public static CustomResourceDefinition crd() {
        return crd(CRD_RESOURCE);
    }

    /** A CRD of the operator's API jar, by its path on the test classpath. */
    public static CustomResourceDefinition crd(String resource) {
        try (InputStream in = MockKubernetes.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test classpath");
            }
            return io.fabric8.kubernetes.client.utils.Serialization.unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return client.getMasterUrl().toString();
    }

    public NamespacedKubernetesClient client() {
        return client;
    }

    public TestingFlinkOperator operator() {
        return operator;
    }

    /** Makes the API server's authenticator accept this token as {@code username}, for {@code audience}. */
    public void issueToken(String token, String username, String audience) {
        if (authenticator == null) {
            throw new IllegalStateException("this mock API server was started without the testing authenticator");
        }
        authenticator.issue(token, username, audience);
    }

    /** The tokens TokenReviews were asked about, in order. */
    public java.util.List<String> reviewedTokens() {
        return authenticator == null ? java.util.List.of() : authenticator.reviewed();
    }

    @Override
    public void close() {
        forgetter.interrupt();
        operator.close();
        client.close();
        server.destroy();
    }
}
