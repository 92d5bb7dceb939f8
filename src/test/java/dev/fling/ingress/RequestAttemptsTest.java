package dev.fling.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fling.dispatch.RequestProcessor.Outcome;
import dev.fling.egress.BrokerRefusedException;
import dev.fling.runtime.RuntimeUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Retries in their lanes, timed by a scheduler the test fires: while a request waits to be tried
 * again it keeps its lane and no thread. Keys "a" and "c" share a lane of two, "b" takes the other.
 */
// A lane that kept a thread while its task waits would hang these tests; the timeout makes that a failure.
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RequestAttemptsTest {

    private static final CompletableFuture<Void> WRITTEN = CompletableFuture.completedFuture(null);

    private final TestingExecutor threads = new TestingExecutor();
    private final TestingRetryScheduler retries = new TestingRetryScheduler();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final List<String> tries = Collections.synchronizedList(new ArrayList<>());
    private final List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());

    @Test
    void aRequestWaitingForItsRetryKeepsItsLaneAndNothingOvertakesIt() {
        DispatchLanes lanes = new DispatchLanes(2, 10, threads);

        submit(lanes, "a", "first", failingThenWritten(1));
        submit(lanes, "c", "second", failingThenWritten(0));
        threads.runAll();
        assertThat(tries).containsExactly("first");
        assertThat(retries.waiting()).isEqualTo(1);

        retries.fireNext();
        threads.runAll();
        assertThat(tries).containsExactly("first", "first", "second");
        assertThat(acknowledged).containsExactly("first", "second");
    }

    @Test
    void aLaneWaitingForItsRetryHoldsNoThreadSoOtherLanesGoOn() throws InterruptedException {
        // One thread for two lanes: had the waiting lane kept its thread, the other job would never be served.
        ExecutorService oneThread = Executors.newSingleThreadExecutor();
        try {
            DispatchLanes lanes = new DispatchLanes(2, 10, oneThread);

            submit(lanes, "a", "waiting", failingThenWritten(1));
            submit(lanes, "c", "behind it", failingThenWritten(0));
            submit(lanes, "b", "other job", failingThenWritten(0));
            Awaitility.await("the other job's request is done while the retry is not yet due")
                    .atMost(Duration.ofSeconds(10)).until(() -> acknowledged.contains("other job"));
            assertThat(retries.waiting()).isEqualTo(1);
            assertThat(acknowledged).containsExactly("other job");

            retries.fireNext();
            Awaitility.await("the retried request and the one behind it are done").atMost(Duration.ofSeconds(10))
                    .until(() -> acknowledged.size() == 3);
            assertThat(acknowledged).containsExactly("other job", "waiting", "behind it");
        } finally {
            oneThread.shutdownNow();
            oneThread.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void theBackoffDoublesUpToItsMaximum() {
        DispatchLanes lanes = new DispatchLanes(2, 10, threads);

        submit(lanes, "a", "flaky", failingThenWritten(8));
        threads.runAll();
        while (retries.waiting() > 0) {
            retries.fireNext();
            threads.runAll();
        }

        assertThat(retries.backoffs()).extracting(Duration::toMillis)
                .containsExactly(200L, 400L, 800L, 1600L, 3200L, 6400L, 10000L, 10000L);
        assertThat(acknowledged).containsExactly("flaky");
    }

    @Test
    void aRequestIsAcknowledgedOnlyOnceItsEventIsOutThoughItsLaneMovesOnBefore() {
        DispatchLanes lanes = new DispatchLanes(2, 10, threads);
        CompletableFuture<Void> acceptedWritten = new CompletableFuture<>();

        submit(lanes, "a", "launch", writes(acceptedWritten));
        submit(lanes, "c", "command", failingThenWritten(0));
        threads.runAll();
        assertThat(tries).containsExactly("launch", "command");
        assertThat(acknowledged).containsExactly("command");

        acceptedWritten.complete(null);
        assertThat(acknowledged).containsExactly("command", "launch");
    }

    @Test
    void anEventTheBrokerRefusesHasTheRequestTriedAgainAtTheBackOfItsLane() {
        DispatchLanes lanes = new DispatchLanes(2, 10, threads);
        CompletableFuture<Void> firstWrite = new CompletableFuture<>();

        submit(lanes, "a", "launch", writes(firstWrite, WRITTEN));
        threads.runAll();
        firstWrite.completeExceptionally(new BrokerRefusedException(new IllegalStateException("too large")));
        assertThat(retries.waiting()).isEqualTo(1);
        submit(lanes, "c", "command", failingThenWritten(0));
        threads.runAll();
        assertThat(acknowledged).containsExactly("command");

        retries.fireNext();
        threads.runAll();
        assertThat(tries).containsExactly("launch", "command", "launch");
        assertThat(acknowledged).containsExactly("command", "launch");
        assertThat(retries.backoffs()).containsExactly(Duration.ofMillis(200));
    }

    @Test
    void whenFlingStopsARequestThatCannotBeDoneIsLeftUnacknowledgedAndLetGo() {
        DispatchLanes lanes = new DispatchLanes(2, 1, threads);

        CompletionStage<Void> room = submit(lanes, "a", "first", failingThenWritten(2));
        threads.runAll();
        assertThat(room).isNotDone();
        stopping.set(true);
        retries.fireNext();
        threads.runAll();
        assertThat(retries.waiting()).as("no retry once stopping").isZero();
        assertThat(room).as("no longer in flight").isDone();

        submit(lanes, "c", "next", failingThenWritten(0));
        threads.runAll();
        assertThat(tries).as("its lane is free").containsExactly("first", "first", "next");
        assertThat(acknowledged).containsExactly("next");
    }

    @Test
    void whenFlingStopsAnEventTheBrokerRefusesLeavesItsRequestUnacknowledged() {
        DispatchLanes lanes = new DispatchLanes(2, 1, threads);
        CompletableFuture<Void> write = new CompletableFuture<>();

        CompletionStage<Void> room = submit(lanes, "a", "launch", writes(write));
        threads.runAll();
        stopping.set(true);
        write.completeExceptionally(new BrokerRefusedException(null));

        assertThat(retries.waiting()).isZero();
        assertThat(acknowledged).isEmpty();
        assertThat(room).as("no longer in flight").isDone();
    }

    private CompletionStage<Void> submit(DispatchLanes lanes, String key, String name, Supplier<Outcome> work) {
        return lanes.submit(key, lane -> new RequestAttempts(name, () -> {
            tries.add(name);
            return work.get();
        }, () -> acknowledged.add(name), retries, stopping::get).start(lane));
    }

    /** Work the runtime cannot take {@code failures} times, then done with its event written. */
    private static Supplier<Outcome> failingThenWritten(int failures) {
        AtomicInteger left = new AtomicInteger(failures);
        return () -> {
            if (left.getAndDecrement() > 0) {
                throw new RuntimeUnavailableException("the API server is unreachable", null);
            }
            return new Outcome(true, null, WRITTEN);
        };
    }

    /** Work done at each try, its event's write the next of {@code writes} (the last one repeated). */
    @SafeVarargs
    private static Supplier<Outcome> writes(CompletionStage<Void>... writes) {
        AtomicInteger next = new AtomicInteger();
        return () -> new Outcome(true, null, writes[Math.min(next.getAndIncrement(), writes.length - 1)]);
    }
}
