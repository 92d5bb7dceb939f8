package dev.fling.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fling.events.RequestContext;
import dev.fling.runtime.JobPolicy;
import dev.fling.runtime.JobRecord;
import dev.fling.runtime.JobRef;
import dev.fling.runtime.JobState;
import dev.fling.runtime.TrackingState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobTimersTest {

    private static final Instant ACCEPTED = Instant.parse("2026-12-02T12:00:00Z");
    private static final Instant SINCE = ACCEPTED.plusSeconds(10);
    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final Duration STUCK = Duration.ofSeconds(120);

    private static JobRecord record(Instant deadline) {
        return new JobRecord(new JobRef("default", "etl-0123456789"),
                new RequestContext("id", "/tests", "dev.fling.job.launch", Map.of()), Map.of(),
                new JobPolicy(deadline, 600, Duration.ofMinutes(5), 3, Duration.ofSeconds(20)), ACCEPTED, null, null,
                null, null);
    }

    private static TrackingState tracking(JobState state) {
        return new TrackingState(state, SINCE, 1, 1, null, null, List.of());
    }

    @Test
    void anEndedJobIsDueWhenItsTimeToLivePasses() {
        assertThat(JobTimers.nextDue(record(ACCEPTED.plusSeconds(5)), tracking(JobState.SUCCEEDED), true, GRACE, STUCK))
                .isEqualTo(SINCE.plus(Duration.ofMinutes(5)));
    }

    @Test
    void aRunningJobIsDueAtItsDeadlineOrNeverWithoutOne() {
        assertThat(JobTimers.nextDue(record(ACCEPTED.plusSeconds(600)), tracking(JobState.RUNNING), false, GRACE, STUCK))
                .isEqualTo(ACCEPTED.plusSeconds(600));
        assertThat(JobTimers.nextDue(record(null), tracking(JobState.RUNNING), false, GRACE, STUCK)).isNull();
    }

    @Test
    void aRetryingJobIsDueWhenItsBackoffEndsUnlessTheDeadlineComesFirst() {
        assertThat(JobTimers.nextDue(record(null), tracking(JobState.RETRYING), false, GRACE, STUCK))
                .isEqualTo(SINCE.plusSeconds(20));
        assertThat(JobTimers.nextDue(record(SINCE.plusSeconds(5)), tracking(JobState.RETRYING), false, GRACE, STUCK))
                .isEqualTo(SINCE.plusSeconds(5));
    }

    @Test
    void aLaunchWhoseAcceptedEventIsAwaitedIsDueWhenTheGraceEnds() {
        assertThat(JobTimers.nextDue(record(null), tracking(JobState.ACCEPTED), true, GRACE, STUCK))
                .isEqualTo(ACCEPTED.plus(GRACE));
    }

    @Test
    void aDeployingJobIsDueWhenItHasDeployedForTheStuckLimitUntilItWasToldSo() {
        TrackingState deploying = tracking(JobState.DEPLOYING);
        assertThat(JobTimers.nextDue(record(null), deploying, false, GRACE, STUCK)).isEqualTo(SINCE.plus(STUCK));

        TrackingState told = deploying.withEvent(new TrackingState.Announced("dev.fling.job.pending", "deploying-1",
                SINCE.plus(STUCK)));
        assertThat(JobTimers.nextDue(record(null), told, false, GRACE, STUCK)).isNull();
    }
}
