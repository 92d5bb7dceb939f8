package dev.fling.egress;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Sends through an emitter and tells when the broker has acknowledged the record, or fails with
 * {@link BrokerRefusedException} when it refused it.
 */
final class Delivery {

    private Delivery() {}

    static <T> CompletionStage<Void> send(Emitter<T> emitter, Message<T> message) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        emitter.send(message
                .withAck(() -> {
                    written.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    written.completeExceptionally(new BrokerRefusedException(failure));
                    return CompletableFuture.completedFuture(null);
                }));
        return written;
    }
}
