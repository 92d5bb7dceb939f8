package dev.fling.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobTurnTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void workSubmittedFromManyThreadsRunsOneAtATimeInSubmissionOrder() {
        JobTurn turn = new JobTurn(pool);
        AtomicInteger inside = new AtomicInteger();
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            results.add(turn.submit(() -> {
                assertThat(inside.incrementAndGet()).as("alone on the turn").isEqualTo(1);
                order.add(n);
                inside.decrementAndGet();
                return n;
            }));
        }

        assertThat(results.stream().map(CompletableFuture::join).toList()).hasSize(200);
        assertThat(order).isSorted().hasSize(200);
    }

    @Test
    void aFailureCompletesItsOwnFutureAndTheTurnGoesOn() {
        JobTurn turn = new JobTurn(pool);

        CompletableFuture<Object> failed = turn.submit(() -> {
            throw new IllegalStateException("refused");
        });
        CompletableFuture<String> next = turn.submit(() -> "next");

        assertThatThrownBy(failed::join).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThat(next.join()).isEqualTo("next");
    }

    @Test
    void twoJobsTurnsRunSideBySide() throws Exception {
        JobTurn first = new JobTurn(pool);
        JobTurn second = new JobTurn(pool);
        CompletableFuture<Void> release = new CompletableFuture<>();

        CompletableFuture<Void> blocked = first.submit(() -> release.join());
        String other = second.submit(() -> "not held up").get(5, TimeUnit.SECONDS);

        assertThat(other).isEqualTo("not held up");
        assertThat(blocked).isNotDone();
        release.complete(null);
        blocked.get(5, TimeUnit.SECONDS);
    }
}
