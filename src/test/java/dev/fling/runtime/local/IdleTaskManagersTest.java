package dev.fling.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fling.runtime.rest.FlinkRestModel.TaskManagerSlots;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdleTaskManagersTest {

    private static TaskManagerSlots tm(int number, int slots, int free) {
        return new TaskManagerSlots(IdleTaskManagers.resourceId(number), slots, free);
    }

    private static List<String> ids(Integer... numbers) {
        return Arrays.stream(numbers).map(n -> n == null ? null : IdleTaskManagers.resourceId(n)).toList();
    }

    @Test
    void theIdleOnesBeyondWhatTheHighestParallelismNeedsAreStoppedTheLastFirst() {
        assertThat(IdleTaskManagers.toStop(ids(1, 2, 3), 2, 2, List.of(tm(1, 2, 0), tm(2, 2, 2), tm(3, 2, 2))))
                .containsExactly(2, 1);
        assertThat(IdleTaskManagers.toStop(ids(1, 2, 3), 2, 3, List.of(tm(1, 2, 0), tm(2, 2, 1), tm(3, 2, 2))))
                .containsExactly(2);
    }

    @Test
    void anIdleOneBeforeABusyOneIsStoppedToo() {
        // The scheduler kept its one slot on the second TaskManager and freed the first.
        assertThat(IdleTaskManagers.toStop(ids(1, 2), 1, 1, List.of(tm(1, 1, 1), tm(2, 1, 0)))).containsExactly(0);
        assertThat(IdleTaskManagers.toStop(ids(1, 3, 4), 1, 1, List.of(tm(1, 1, 0), tm(3, 1, 1), tm(4, 1, 1))))
                .containsExactly(2, 1);
    }

    @Test
    void noMoreThanTheSpareOnesAreStopped() {
        assertThat(IdleTaskManagers.toStop(ids(1, 2, 3), 1, 2, List.of(tm(1, 1, 1), tm(2, 1, 1), tm(3, 1, 1))))
                .containsExactly(2);
    }

    @Test
    void aTaskManagerHoldingASlotNotRegisteredYetOrOfUnknownIdIsNotStopped() {
        assertThat(IdleTaskManagers.toStop(ids(1, 2, 3), 1, 1, List.of(tm(1, 1, 0), tm(2, 1, 0), tm(3, 1, 0)))).isEmpty();
        assertThat(IdleTaskManagers.toStop(ids(1, 2), 1, 1, List.of(tm(1, 1, 0)))).isEmpty();
        assertThat(IdleTaskManagers.toStop(ids(1, null), 1, 1, List.of(tm(1, 1, 0), tm(2, 1, 1)))).isEmpty();
    }

    @Test
    void aClusterKeepsAtLeastOneTaskManager() {
        assertThat(IdleTaskManagers.needed(0, 2)).isEqualTo(1);
        assertThat(IdleTaskManagers.toStop(ids(1), 1, 0, List.of(tm(1, 1, 1)))).isEmpty();
        assertThat(IdleTaskManagers.needed(5, 2)).isEqualTo(3);
    }
}
