package dev.fling.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fling.tenants.FairQueue.Entry;
import dev.fling.tenants.FairQueue.Plan;
import dev.fling.tenants.FairQueue.Share;
import dev.fling.tenants.FairQueue.Waiting;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The queue's order, rule by rule: priority, arrival, fairness between tenants, limits, no overtaking. */
class FairQueueTest {

    private static final Instant T0 = Instant.parse("2026-12-03T01:00:00Z");
    private static final Limits ONE_JOB = new Limits(1, Limits.NONE, Limits.NONE);

    @Test
    void withinATenantHigherPriorityGoesFirst() {
        Plan plan = FairQueue.plan(List.of(), List.of(job("low", "a", 0, 1), job("high", "a", 5, 2)),
                Map.of(), ONE_JOB);
        assertThat(names(plan.admit())).containsExactly("high");
        assertThat(plan.waiting()).extracting(w -> w.entry().job()).containsExactly("low");
    }

    @Test
    void withinATenantAndAPriorityEarlierArrivalGoesFirst() {
        Plan plan = FairQueue.plan(List.of(), List.of(job("second", "a", 1, 2), job("first", "a", 1, 1),
                job("third", "a", 1, 3)), Map.of(), ONE_JOB);
        assertThat(names(plan.admit())).containsExactly("first");
        assertThat(plan.waiting()).extracting(w -> w.entry().job()).containsExactly("second", "third");
        assertThat(plan.waiting()).extracting(Waiting::position).containsExactly(1, 2);
    }

    @Test
    void betweenTenantsTheOneFurthestBelowItsShareGoesFirst() {
        // a runs two already; b runs none: b's launch goes first although a's came earlier.
        Plan plan = FairQueue.plan(List.of(job("a1", "a", 0, 0), job("a2", "a", 0, 0)),
                List.of(job("a3", "a", 0, 1), job("b1", "b", 0, 2)), Map.of(), new Limits(3, Limits.NONE, Limits.NONE));
        assertThat(names(plan.admit())).containsExactly("b1");
        assertThat(plan.waiting()).extracting(w -> w.entry().job()).containsExactly("a3");
    }

    @Test
    void aBurstFromOneTenantDoesNotStarveTheOthers() {
        List<Entry> waiting = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            waiting.add(job("a" + i, "a", 0, i));
        }
        waiting.add(job("b0", "b", 0, 20));
        waiting.add(job("c0", "c", 0, 21));
        Plan plan = FairQueue.plan(List.of(), waiting, Map.of(), new Limits(3, Limits.NONE, Limits.NONE));
        assertThat(names(plan.admit())).containsExactlyInAnyOrder("a0", "b0", "c0");
    }

    @Test
    void weightsShareTheCapacity() {
        List<Entry> waiting = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            waiting.add(job("a" + i, "a", 0, i));
            waiting.add(job("b" + i, "b", 0, i));
        }
        Plan plan = FairQueue.plan(List.of(), waiting, Map.of("a", new Share(2, Limits.UNLIMITED)),
                new Limits(6, Limits.NONE, Limits.NONE));
        assertThat(plan.admit()).filteredOn(e -> e.tenant().equals("a")).hasSize(4);
        assertThat(plan.admit()).filteredOn(e -> e.tenant().equals("b")).hasSize(2);
    }

    @Test
    void aTenantAtItsLimitWaitsWithoutHoldingUpTheOthers() {
        Plan plan = FairQueue.plan(List.of(job("a1", "a", 0, 0)), List.of(job("a2", "a", 9, 1), job("b1", "b", 0, 2)),
                Map.of("a", new Share(1, ONE_JOB)), Limits.UNLIMITED);
        assertThat(names(plan.admit())).containsExactly("b1");
        assertThat(plan.waiting()).singleElement().satisfies(w -> {
            assertThat(w.entry().job()).isEqualTo("a2");
            assertThat(w.reason()).isEqualTo("tenant 'a': 1 of at most 1 jobs running");
        });
    }

    @Test
    void nobodyOvertakesTheLaunchWhoseTurnItIsWhenItDoesNotFitTheGlobalLimits() {
        // b's launch needs 4 of the 4 parallelism; a's small one would fit, but b is furthest below its share.
        Plan plan = FairQueue.plan(List.of(job("a1", "a", 0, 0)),
                List.of(sized("b-big", "b", 1, 4), sized("a-small", "a", 2, 1)), Map.of(),
                new Limits(Limits.NONE, 4, Limits.NONE));
        assertThat(plan.admit()).isEmpty();
        assertThat(plan.waiting()).extracting(w -> w.entry().job()).containsExactly("b-big", "a-small");
        assertThat(plan.waiting()).extracting(Waiting::reason)
                .containsOnly("all tenants together: parallelism 1 of at most 4 in use");
    }

    @Test
    void parallelismAndMemoryLimitsCountWhatRuns() {
        Entry heavy = new Entry("m1", "a", 0, T0, 1, 3L << 30);
        Plan plan = FairQueue.plan(List.of(heavy), List.of(new Entry("m2", "a", 0, T0.plusSeconds(1), 1, 2L << 30)),
                Map.of("a", new Share(1, new Limits(Limits.NONE, Limits.NONE, 4L << 30))), Limits.UNLIMITED);
        assertThat(plan.admit()).isEmpty();
        assertThat(plan.waiting().get(0).reason()).isEqualTo("tenant 'a': " + (3L << 30) + " of at most "
                + (4L << 30) + " bytes of memory in use");
    }

    @Test
    void withRoomForEveryoneEveryoneIsLetIn() {
        Plan plan = FairQueue.plan(List.of(), List.of(job("a", "a", 0, 0), job("b", "b", 0, 0)), Map.of(),
                Limits.UNLIMITED);
        assertThat(names(plan.admit())).containsExactly("a", "b");
        assertThat(plan.waiting()).isEmpty();
    }

    @Test
    void theSameInputsGiveTheSameOrder() {
        List<Entry> waiting = List.of(job("x", "b", 0, 1), job("y", "a", 0, 1), job("z", "c", 0, 1));
        Plan first = FairQueue.plan(List.of(), waiting, Map.of(), new Limits(0, 9, 9));
        Plan again = FairQueue.plan(List.of(), List.of(waiting.get(2), waiting.get(0), waiting.get(1)), Map.of(),
                new Limits(0, 9, 9));
        assertThat(again).isEqualTo(first);
        // All equal but their names: the order is still one, whatever order they were read in.
        assertThat(first.waiting()).extracting(w -> w.entry().job()).containsExactly("x", "y", "z");
    }

    private static Entry job(String name, String tenant, int priority, int arrivalSecond) {
        return new Entry(name, tenant, priority, T0.plusSeconds(arrivalSecond), 1, 0);
    }

    private static Entry sized(String name, String tenant, int arrivalSecond, int parallelism) {
        return new Entry(name, tenant, 0, T0.plusSeconds(arrivalSecond), parallelism, 0);
    }

    private static List<String> names(List<Entry> entries) {
        return entries.stream().map(Entry::job).toList();
    }
}
