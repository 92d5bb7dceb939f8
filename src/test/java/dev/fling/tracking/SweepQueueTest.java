package dev.fling.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fling.runtime.JobPolicy;
import dev.fling.runtime.JobRecord;
import dev.fling.runtime.JobRef;
import dev.fling.runtime.JobState;
import dev.fling.runtime.TrackingState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepQueueTest {

    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    private final SweepQueue queue = new SweepQueue();

    @Test
    void givesOnlyWhatIsDueEarliestFirst() {
        TrackedJob late = job("late");
        TrackedJob early = job("early");
        TrackedJob future = job("future");
        queue.schedule(late, T0.plusSeconds(2));
        queue.schedule(early, T0.plusSeconds(1));
        queue.schedule(future, T0.plusSeconds(60));

        assertThat(names(T0)).isEmpty();
        assertThat(names(T0.plusSeconds(5))).containsExactly("early", "late");
        assertThat(queue.size()).isEqualTo(1);
        assertThat(names(T0.plusSeconds(60))).containsExactly("future");
    }

    @Test
    void aJobHasOneTurnTheLatestScheduled() {
        TrackedJob job = job("a");
        queue.schedule(job, T0.plusSeconds(30));
        queue.schedule(job, T0.plusSeconds(1));
        queue.schedule(job, T0.plusSeconds(10));

        assertThat(queue.size()).isEqualTo(1);
        assertThat(names(T0.plusSeconds(5))).isEmpty();
        assertThat(names(T0.plusSeconds(10))).containsExactly("a");
    }

    @Test
    void aJobTakenOffTheQueueIsNotSwept() {
        TrackedJob job = job("a");
        queue.schedule(job, T0);
        queue.schedule(job, null);

        assertThat(queue.size()).isZero();
        assertThat(names(T0.plusSeconds(1))).isEmpty();
    }

    @Test
    void aTurnReplacedAfterItWasTakenIsNotClaimed() {
        TrackedJob job = job("a");
        queue.schedule(job, T0);
        SweepQueue.Due taken = queue.poll(T0);
        queue.schedule(job, T0.plusSeconds(5)); // e.g. an observation rescheduled it before the sweep took the lock

        assertThat(queue.claim(taken)).isFalse();
        SweepQueue.Due newer = queue.poll(T0.plusSeconds(5));
        assertThat(queue.claim(newer)).isTrue();
        assertThat(job.due()).isNull();
    }

    /** Claims every due turn, as the sweep does, and returns the jobs' names in order. */
    private List<String> names(Instant now) {
        List<String> names = new ArrayList<>();
        for (SweepQueue.Due turn = queue.poll(now); turn != null; turn = queue.poll(now)) {
            if (queue.claim(turn)) {
                names.add(turn.job().ref().name());
            }
        }
        return names;
    }

    private static TrackedJob job(String name) {
        JobPolicy policy = new JobPolicy(null, 0, Duration.ofHours(1), 1, Duration.ofSeconds(10));
        TrackingState tracking = new TrackingState(JobState.RUNNING, T0, 1, 1, null, null, List.of());
        return new TrackedJob(new JobRecord(new JobRef("default", name), null, Map.of(), policy, T0, tracking,
                null, null, null), Runnable::run);
    }
}
