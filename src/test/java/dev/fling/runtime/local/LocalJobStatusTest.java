package dev.fling.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fling.runtime.local.LocalJob.Status;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LocalJobStatusTest {

    private static Set<Status> movesFrom(Status from) {
        Set<Status> allowed = EnumSet.noneOf(Status.class);
        for (Status to : Status.values()) {
            if (from.canMoveTo(to)) {
                allowed.add(to);
            }
        }
        return allowed;
    }

    @Test
    void aQueuedJobStartsOrEndsBeforeItStarted() {
        assertThat(movesFrom(Status.QUEUED)).containsExactlyInAnyOrder(Status.RUNNING, Status.ENDED);
    }

    @Test
    void aRunningClusterOnlyEnds() {
        assertThat(movesFrom(Status.RUNNING)).containsExactly(Status.ENDED);
    }

    @Test
    void anEndedAttemptOnlyQueuesTheNextOne() {
        assertThat(movesFrom(Status.ENDED)).containsExactly(Status.QUEUED);
    }

    @Test
    void aMoveTheMachineDoesNotAllowIsRefusedAndLeavesTheStatus() {
        LocalJob job = new LocalJob();
        job.moveTo(Status.RUNNING);

        assertThatThrownBy(() -> job.moveTo(Status.QUEUED)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot move from RUNNING to QUEUED");
        assertThat(job.status()).isEqualTo(Status.RUNNING);
    }
}
