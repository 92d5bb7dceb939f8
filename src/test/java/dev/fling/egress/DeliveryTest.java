package dev.fling.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

/** A write's future as the broker answers it: done when acknowledged, BrokerRefusedException when refused. */
class DeliveryTest {

    private static final RecordTooLargeException TOO_LARGE =
            new RecordTooLargeException("The message is 512 bytes when serialized which is larger than 64");

    private final TestingEmitter emitter = new TestingEmitter();

    @Test
    void acknowledgedWriteCompletes() {
        CompletionStage<Void> written = Delivery.send(emitter, Message.of("event"));

        emitter.sent.ack();

        assertThat(written.toCompletableFuture()).isCompleted();
    }

    @Test
    void refusedWriteFailsWithBrokerRefusedExceptionCarryingTheBrokersReason() {
        CompletionStage<Void> written = Delivery.send(emitter, Message.of("event"));

        emitter.sent.nack(TOO_LARGE);

        assertThatThrownBy(() -> written.toCompletableFuture().join())
                .isExactlyInstanceOf(BrokerRefusedException.class)
                .hasCause(TOO_LARGE)
                .hasMessageContaining("the broker did not take the record")
                .hasMessageContaining(TOO_LARGE.getMessage());
    }

    @Test
    void refusalKeepsItsNameThroughDependentStages() {
        CompletableFuture<Void> written = Delivery.send(emitter, Message.of("event")).toCompletableFuture();
        CompletableFuture<Void> counted = written.thenRun(() -> {}); // as EventPublisher and RequestProcessor do
        CompletableFuture<Void> both = CompletableFuture.allOf(counted, CompletableFuture.completedFuture(null));

        emitter.sent.nack(TOO_LARGE);

        BrokerRefusedException refused = refusal(written);
        assertThat(refusal(counted)).isSameAs(refused);
        assertThat(refusal(both)).isSameAs(refused);
        assertThat(counted.handle((ignored, failure) -> failure).join())
                .as("what whenComplete hands the consumer").isSameAs(refused);
    }

    @Test
    void refusalIsStillTheCompletionExceptionThatCodeJoiningAWriteCatches() {
        CompletableFuture<Void> written = Delivery.send(emitter, Message.of("event")).toCompletableFuture();

        emitter.sent.nack(TOO_LARGE);

        assertThatThrownBy(written::join).as("what the tracker's catch (CompletionException) sees")
                .isInstanceOf(CompletionException.class).isExactlyInstanceOf(BrokerRefusedException.class);
    }

    @Test
    void refusalWithoutAReasonStillSaysWhatHappened() {
        assertThat(new BrokerRefusedException(null)).hasMessage("the broker did not take the record").hasNoCause();
    }

    private static BrokerRefusedException refusal(CompletableFuture<?> future) {
        try {
            future.join();
        } catch (BrokerRefusedException e) {
            return e;
        }
        throw new AssertionError("the write did not fail with BrokerRefusedException");
    }

    /** Keeps the one message sent, so that a test answers it as the broker would. */
    private static final class TestingEmitter implements Emitter<String> {
        private Message<? extends String> sent;

        @Override
        public CompletionStage<Void> send(String payload) {
            throw new UnsupportedOperationException("Delivery sends messages");
        }

        @Override
        public <M extends Message<? extends String>> void send(M message) {
            sent = message;
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
}
