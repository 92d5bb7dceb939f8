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

    static void run(Runnable call) {
        call(() -> {
            call.run();
            return null;
        });
    }

    static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            if (isRefusal(e)) {
                throw new RuntimeRefusedException("Kubernetes API refused: " + describe(e), e);
            }
            throw new RuntimeUnavailableException("Kubernetes API: " + describe(e), e);
        }
    }

    /**
     * Only an answer from the API server can say "never": a 4xx other than timeouts, conflicts
     * and throttling. No answer at all (connection refused, timeouts) is always "later".
     */
    private static boolean isRefusal(KubernetesClientException e) {
        int code = e.getCode();
        return code >= 400 && code < 500 && code != 408 && code != 409 && code != 429;
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
