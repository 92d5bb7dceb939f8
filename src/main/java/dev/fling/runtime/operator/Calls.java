package dev.fling.runtime.operator;

import dev.fling.runtime.RuntimeRefusedException;
import dev.fling.runtime.RuntimeUnavailableException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Supplier;

/**
 * Sorts Kubernetes API failures into "try again later" (unreachable, 5xx, 429, conflicts) and
 * "will never work" (forbidden, invalid, missing namespace), the two the rest of Fling handles.
 */
final class Calls {

    private Calls() {}

    static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            int code = e.getCode();
            if (code == 0 || code == 409 || code == 429 || code >= 500) {
                throw new RuntimeUnavailableException("Kubernetes API: " + describe(e), e);
            }
            throw new RuntimeRefusedException("Kubernetes API refused: " + describe(e), e);
        }
    }

    static String describe(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return e.getCode() + " " + e.getStatus().getMessage();
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
