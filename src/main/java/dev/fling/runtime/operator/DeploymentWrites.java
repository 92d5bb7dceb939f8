package dev.fling.runtime.operator;

import dev.fling.runtime.JobRef;
import dev.fling.runtime.operator.model.FlinkDeployment;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.internal.OperationSupport;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Creates and merge-patches FlinkDeployments without reading back the object the API server
 * answers with. Fling learns every change through its informer; the typed client parsed each
 * answer into a FlinkDeployment nobody looked at, a tenth of Fling's CPU while dispatching
 * (scripts/bench, JFR). Sent through the client's own HTTP client (its authentication, retries
 * and timeouts); a refusal surfaces as the typed client's {@link KubernetesClientException},
 * carrying the API server's Status.
 */
final class DeploymentWrites {

    private static final String PATH = "apis/" + HasMetadata.getApiVersion(FlinkDeployment.class) + "/namespaces/%s/"
            + HasMetadata.getPlural(FlinkDeployment.class);

    private final KubernetesClient client;

    DeploymentWrites(KubernetesClient client) {
        this.client = client;
    }

    void create(FlinkDeployment deployment) {
        send("POST", collection(deployment.getMetadata().getNamespace()), "application/json",
                client.getKubernetesSerialization().asJson(deployment));
    }

    /** A JSON merge patch (RFC 7386) of the named deployment; returns the API server's answer, unread. */
    byte[] mergePatch(JobRef ref, String patch) {
        return send("PATCH", collection(ref.namespace()) + "/" + ref.name(), "application/merge-patch+json", patch);
    }

    private String collection(String namespace) {
        String master = client.getConfiguration().getMasterUrl();
        return (master.endsWith("/") ? master : master + "/") + String.format(PATH, namespace);
    }

    private byte[] send(String method, String url, String contentType, String body) {
        HttpClient http = client.getHttpClient();
        HttpRequest request = http.newHttpRequestBuilder().uri(url).method(method, contentType, body)
                .timeout(client.getConfiguration().getRequestTimeout(), TimeUnit.MILLISECONDS).build();
        HttpResponse<byte[]> response;
        try {
            response = http.sendAsync(request, byte[].class).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("interrupted while waiting for the Kubernetes API", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw cause instanceof KubernetesClientException failure ? failure
                    : new KubernetesClientException(cause.getMessage(), cause);
        }
        if (!response.isSuccessful()) {
            throw OperationSupport.requestFailure(request,
                    OperationSupport.createStatus(response, client.getKubernetesSerialization()));
        }
        return response.body();
    }
}
