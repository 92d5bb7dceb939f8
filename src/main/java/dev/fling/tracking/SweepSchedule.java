package dev.fling.tracking;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * When the sweep must next look at each job without being told: the job's next timer
 * ({@link JobTimers}), or a try again of what failed. Jobs are queued and handed to the sweep on
 * their turn; {@link #reschedule}, {@link #tryAgainSoon} and {@link #forget} are called there too.
 */
final class SweepSchedule {

    /** How soon the sweep tries again what failed (an event the broker did not take, a call the API refused). */
    static final Duration TRY_AGAIN = Duration.ofSeconds(1);

    private final SweepQueue due = new SweepQueue();
    private final Clock clock;
    private final boolean shared;
    private final Duration stuckAfter;

    SweepSchedule(Clock clock, boolean shared, Duration stuckAfter) {
        this.clock = clock;
        this.shared = shared;
        this.stuckAfter = stuckAfter;
    }

    /**
     * Queues the job at the next thing it waits for, if any; a try again that is still to come
     * stays queued (a command handled meanwhile does not bring the job up to date).
     */
    void reschedule(TrackedJob job) {
        Instant next = JobTimers.nextDue(job.record(), job.tracking(), shared && !job.acceptedAnnounced(),
                JobHandle.ACCEPTED_GRACE, stuckAfter);
        due.schedule(job, JobTimers.earliest(next, job.tryAgainAt()));
    }

    void tryAgainSoon(TrackedJob job) {
        job.tryAgainAt(clock.instant().plus(TRY_AGAIN));
        reschedule(job);
    }

    /** The job is no longer followed: nothing more is due for it. */
    void forget(TrackedJob job) {
        due.schedule(job, null);
    }

    /** Hands {@code sweep} each job whose time has come, on the job's turn, unless it was rescheduled meanwhile. */
    void takeDue(Consumer<TrackedJob> sweep) {
        Instant now = clock.instant();
        for (SweepQueue.Due turn = due.poll(now); turn != null; turn = due.poll(now)) {
            SweepQueue.Due polled = turn;
            polled.job().turn().submit(() -> {
                if (due.claim(polled)) {
                    sweep.accept(polled.job());
                }
                return null;
            });
        }
    }
}
