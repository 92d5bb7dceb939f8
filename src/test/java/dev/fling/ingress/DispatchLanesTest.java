package dev.fling.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fling.ingress.DispatchLanes.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The lanes on a pool the test runs itself: which task starts when is decided by the lanes alone.
 * Keys "a" and "c" share a lane of two, "b" takes the other.
 */
// A lane that kept a thread while its task waits would hang these tests; the timeout makes that a failure.
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DispatchLanesTest {

    private static final CompletableFuture<Void> NOW = CompletableFuture.completedFuture(null);

    private final TestingExecutor threads = new TestingExecutor();
    private final List<String> started = new ArrayList<>();

    @Test
    void aLaterRequestOfALaneStartsOnlyOnceTheEarlierOneFreesIt() {
        DispatchLanes lanes = new DispatchLanes(2, 10, threads);
        CompletableFuture<Void> firstFree = new CompletableFuture<>();

        lanes.submit("a", work("first", firstFree, NOW));
        lanes.submit("c", work("second", NOW, NOW));
        threads.runAll();
        assertThat(started).containsExactly("first");

        firstFree.complete(null);
        threads.runAll();
        assertThat(started).containsExactly("first", "second");
    }

    @Test
    void otherLanesGoOnWhileOneIsHeld() {
        DispatchLanes lanes = new DispatchLanes(2, 10, threads);

        lanes.submit("a", work("held", new CompletableFuture<>(), NOW));
        lanes.submit("c", work("behind it", NOW, NOW));
        lanes.submit("b", work("other job", NOW, NOW));
        threads.runAll();

        assertThat(started).containsExactly("held", "other job");
    }

    @Test
    void oneLaneKeepsArrivalOrderAcrossJobs() {
        DispatchLanes lanes = new DispatchLanes(1, 10, threads);
        CompletableFuture<Void> firstFree = new CompletableFuture<>();

        lanes.submit("a", work("a", firstFree, NOW));
        lanes.submit("b", work("b", NOW, NOW));
        lanes.submit("c", work("c", NOW, NOW));
        threads.runAll();
        assertThat(started).containsExactly("a");

        firstFree.complete(null);
        threads.runAll();
        assertThat(started).containsExactly("a", "b", "c");
    }

    @Test
    void theConsumerMayTakeAnotherRequestOnceOneInFlightIsDone() {
        DispatchLanes lanes = new DispatchLanes(2, 2, threads);
        CompletableFuture<Void> firstDone = new CompletableFuture<>();

        CompletionStage<Void> roomAfterFirst = lanes.submit("a", work("first", NOW, firstDone));
        CompletionStage<Void> roomAfterSecond = lanes.submit("b", work("second", NOW, new CompletableFuture<>()));
        threads.runAll();
        assertThat(roomAfterFirst).isDone();
        assertThat(roomAfterSecond).as("two in flight, at most two").isNotDone();

        firstDone.complete(null);
        assertThat(roomAfterSecond).isDone();
    }

    @Test
    void aRequestStaysInFlightAfterItsLaneMovesOn() {
        DispatchLanes lanes = new DispatchLanes(2, 2, threads);
        CompletableFuture<Void> launchWritten = new CompletableFuture<>();

        lanes.submit("a", work("launch", NOW, launchWritten));
        CompletionStage<Void> room = lanes.submit("c", work("command", NOW, new CompletableFuture<>()));
        threads.runAll();
        assertThat(started).as("the launch's lane moved on").containsExactly("launch", "command");
        assertThat(room).as("the launch still counts as in flight").isNotDone();

        launchWritten.complete(null);
        assertThat(room).isDone();
    }

    @Test
    void workThatThrowsFreesItsLaneAndItsPlace() {
        DispatchLanes lanes = new DispatchLanes(2, 1, threads);

        CompletionStage<Void> room = lanes.submit("a", lane -> {
            started.add("failing");
            throw new IllegalStateException("a fault of ours");
        });
        threads.runAll();
        assertThat(room).isDone();

        lanes.submit("c", work("next", NOW, NOW));
        threads.runAll();
        assertThat(started).containsExactly("failing", "next");
    }

    /** Work that notes it started and answers with the given stages. */
    private Function<DispatchLane, Progress> work(String name, CompletionStage<?> laneFree,
            CompletionStage<?> done) {
        return lane -> {
            started.add(name);
            return new Progress(laneFree, done);
        };
    }
}
