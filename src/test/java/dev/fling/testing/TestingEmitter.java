package dev.fling.testing;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The broker behind a channel's {@link Emitter}, in memory: keeps what is sent and acknowledges
 * it at once, or, once {@link #refuse refusing}, negatively acknowledges it as a broker that does
 * not take the record does (the write then fails with BrokerRefusedException).
 */
public final class TestingEmitter<T> implements Emitter<T> {

    private final List<T> taken = new CopyOnWriteArrayList<>();
    private final List<T> refused = new CopyOnWriteArrayList<>();
    private volatile Throwable refusal;

    /** From now on, refuses every message with this reason. */
    public void refuse(Throwable reason) {
        this.refusal = reason;
    }

    /** From now on, takes every message again. */
    public void takeAgain() {
        this.refusal = null;
    }

    /** The payloads the broker took (acknowledged), in the order they were sent. */
    public List<T> taken() {
        return List.copyOf(taken);
    }

    /** The payloads the broker refused (negatively acknowledged), in the order they were sent. */
    public List<T> refused() {
        return List.copyOf(refused);
    }

    @Override
    public <M extends Message<? extends T>> void send(M message) {
        Throwable reason = refusal;
        if (reason == null) {
            taken.add(message.getPayload()); // kept before the ack: whoever waits for the ack finds it here
            message.ack();
        } else {
            refused.add(message.getPayload());
            message.nack(reason);
        }
    }

    @Override
    public CompletionStage<Void> send(T payload) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        send(Message.of(payload, () -> {
            written.complete(null);
            return CompletableFuture.completedFuture(null);
        }, failure -> {
            written.completeExceptionally(failure);
            return CompletableFuture.completedFuture(null);
        }));
        return written;
    }

    @Override
    public void complete() {}

    @Override
    public void error(Exception e) {}

    @Override
    public boolean isCancelled() {
        return false;
    }

    @Override
    public boolean hasRequests() {
        return true;
    }
}
