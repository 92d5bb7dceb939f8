package dev.fling.runtime.operator;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** A create met a resource of the same name: the launch may be a redelivery. */
final class AlreadyExists extends RuntimeException {
    AlreadyExists(KubernetesClientException cause) {
        super(cause.getMessage(), cause, false, false);
    }
}
