package dev.fling.tracking;

import dev.fling.events.EventType;
import dev.fling.events.RequestContext;
import dev.fling.events.payload.EventData;
import dev.fling.runtime.AutoscaledVertices;
import dev.fling.runtime.JobObservation;
import dev.fling.runtime.JobPolicy;
import dev.fling.runtime.JobRecord;
import dev.fling.runtime.JobState;
import dev.fling.runtime.LaunchPhases;
import dev.fling.runtime.TrackingState;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What happens to a job next: a pure function of what is known of it, what just happened and the
 * time. No I/O, no clock, no locks: {@link JobTracker} feeds it, performs the runtime action it
 * names, announces the events and records the states, in that order.
 */
public final class JobLifecycle {

    private static final Set<JobState> NOT_STARTED =
            EnumSet.of(JobState.ACCEPTED, JobState.PENDING, JobState.DEPLOYING, JobState.RETRYING);

    private JobLifecycle() {}

    /**
     * What the tracker knows of a job when it decides.
     *
     * @param seen the runtime's latest observation (null before the first)
     * @param awaitingRestart whether a new attempt was asked for and the runtime has not shown it yet
     * @param leading whether this instance reports (alone, or holding the lease); a follower only
     *     mirrors what the leader recorded, ready to take over
     */
    public record Facts(JobRecord record, TrackingState tracking, JobObservation seen, boolean awaitingRestart,
            boolean leading, Duration stuckAfter) {}

    /** What the decision asks of the runtime, done before anything is announced. */
    public enum Action {
        NONE,
        /** Stop the job without a savepoint (its deadline passed). */
        STOP,
        /** Start the next attempt ({@link TrackingState#attempt()} of the last step). */
        RESTART,
        /** Remove the job and its cluster (its time-to-live passed); the tracker forgets it. */
        DELETE
    }

    /**
     * One change of the job's tracking state, in order: the event that announces it (null for a
     * change nobody is told of) and whether the state is recorded in the runtime (a restarted
     * Fling must know it) or only kept in memory.
     */
    public record Step(EventData event, RequestContext cause, String occurrence, TrackingState next, boolean record) {}

    /** What to do: the runtime action first, then each step; and whether a restart is still awaited. */
    public record Decision(Action action, List<Step> steps, boolean awaitingRestart) {

        static Decision nothing(Facts facts) {
            return new Decision(Action.NONE, List.of(), facts.awaitingRestart());
        }

        /** The state after every step (the current one when there is none). */
        public TrackingState last(TrackingState current) {
            return steps.isEmpty() ? current : steps.get(steps.size() - 1).next();
        }
    }

    /** The runtime reported {@code facts.seen()}. */
    public static Decision observed(Facts facts, Instant now) {
        if (!facts.leading()) {
            return new Decision(Action.NONE, List.of(new Step(null, null, null, facts.record().tracking(), false)),
                    facts.awaitingRestart());
        }
        DecisionSteps steps = new DecisionSteps(facts, now);
        JobObservation seen = facts.seen();
        if (seen == null || facts.tracking().state().isTerminal()) {
            return Decision.nothing(facts);
        }
        steps.savepoint(seen);
        if (facts.awaitingRestart()) {
            if (seen.phase() == JobObservation.Phase.FAILED || !seen.current()) {
                return steps.decision(Action.NONE, true); // still the failed attempt
            }
        }
        switch (seen.phase()) {
            case QUEUED -> {
                if (steps.state() == JobState.ACCEPTED) {
                    steps.announce(new EventData.Pending(steps.name(), seen.message()), facts.record().launch(), null,
                            t -> t.withState(JobState.PENDING, now));
                }
            }
            case DEPLOYING -> {
                if (steps.state() == JobState.ACCEPTED || steps.state() == JobState.PENDING) {
                    steps.keep(steps.current().withState(JobState.DEPLOYING, now));
                }
            }
            case CHANGING, WAITING -> { } // the queue announces a wait (see waiting)
            case RUNNING -> running(steps, seen, now);
            case FINISHED -> steps.finish(JobState.SUCCEEDED, facts.record().launch(),
                    new EventData.Succeeded(steps.name(), seen.flinkJobId()));
            case FAILED -> failed(steps, seen, now);
            case CANCELLED -> {
                RequestContext request = facts.record().cancelRequest();
                steps.finish(JobState.CANCELLED, cause(facts, request), new EventData.Cancelled(steps.name(),
                        seen.stopSavepointPath(), request != null ? "requested" : "external"));
            }
        }
        return steps.decision(Action.NONE, false);
    }

    /**
     * The job's time may have come: its time-to-live's end, its deadline, the end of a retry's
     * backoff; otherwise what the latest observation says.
     */
    public static Decision tick(Facts facts, Instant now) {
        if (!facts.leading()) {
            return Decision.nothing(facts);
        }
        TrackingState tracking = facts.tracking();
        JobPolicy policy = facts.record().policy();
        if (tracking.state().isTerminal()) {
            return !now.isBefore(tracking.since().plus(policy.ttlAfterFinished()))
                    ? new Decision(Action.DELETE, List.of(), false) : Decision.nothing(facts);
        }
        DecisionSteps steps = new DecisionSteps(facts, now);
        if (policy.deadline() != null && !now.isBefore(policy.deadline())) {
            steps.finish(JobState.TIMED_OUT, facts.record().launch(),
                    new EventData.TimedOut(steps.name(), policy.deadlineSeconds()));
            return steps.decision(Action.STOP, facts.awaitingRestart());
        }
        if (tracking.state() == JobState.RETRYING && !now.isBefore(tracking.since().plus(policy.retryBackoff()))) {
            steps.record(tracking.withAttempt(tracking.attempt() + 1).withState(JobState.DEPLOYING, now));
            return steps.decision(Action.RESTART, true);
        }
        if (stuck(tracking, facts.stuckAfter(), now)) {
            // Told once per attempt, the state unchanged: the caller learns why nothing happens yet.
            steps.announce(new EventData.Pending(steps.name(), "still deploying after "
                    + facts.stuckAfter().toSeconds() + " s: the cluster or the job in it has not started yet"),
                    facts.record().launch(), stuckOccurrence(tracking), t -> t);
            return steps.decision(Action.NONE, facts.awaitingRestart());
        }
        return observed(facts, now);
    }

    /** Whether the attempt has been deploying for {@code limit} or longer and has not been told so yet. */
    static boolean stuck(TrackingState tracking, Duration limit, Instant now) {
        Instant due = stuckAt(tracking, limit);
        return due != null && !now.isBefore(due);
    }

    /** When a deploying attempt's {@code pending} is due; null when it is not deploying or was told already. */
    static Instant stuckAt(TrackingState tracking, Duration limit) {
        return tracking.state() == JobState.DEPLOYING && limit != null
                && !tracking.announced(EventType.PENDING, stuckOccurrence(tracking))
                ? tracking.since().plus(limit) : null;
    }

    /** What tells a deploying attempt's {@code pending} from the queue's (and from another attempt's). */
    static String stuckOccurrence(TrackingState tracking) {
        return "deploying-" + tracking.attempt();
    }

    /** Why a job waits in Fling's queue, and where: its tenant and its place (1 = next). */
    public record Wait(String tenant, String reason, int position) {}

    /** Fling's queue holds the job back: announced once, as {@code pending} with why and where it waits. */
    public static Decision waiting(Facts facts, Wait wait, Instant now) {
        if (!facts.leading() || facts.tracking().state() != JobState.ACCEPTED) {
            return Decision.nothing(facts);
        }
        DecisionSteps steps = new DecisionSteps(facts, now);
        steps.announce(new EventData.Pending(steps.name(), wait.reason(), wait.tenant(), wait.position()),
                facts.record().launch(), null, t -> t.withState(JobState.PENDING, now));
        return steps.decision(Action.NONE, facts.awaitingRestart());
    }

    /** The job was deleted from the runtime behind Fling's back: whoever waits for it must hear it ended. */
    public static Decision removed(Facts facts, Instant now) {
        if (!facts.leading() || facts.tracking().state().isTerminal()) {
            return Decision.nothing(facts);
        }
        EventData.Cancelled cancelled = new EventData.Cancelled(facts.record().ref().name(), null, "external");
        TrackingState next = facts.tracking()
                .withEvent(new TrackingState.Announced(cancelled.type().type(), null, now));
        // Not recorded: the job is gone from the runtime.
        return new Decision(Action.NONE, List.of(new Step(cancelled, cause(facts, facts.record().cancelRequest()),
                null, next, false)), false);
    }

    private static void running(DecisionSteps steps, JobObservation seen, Instant now) {
        if (!seen.current()) {
            return;
        }
        TrackingState tracking = steps.current();
        if (NOT_STARTED.contains(tracking.state())) {
            LaunchPhases launch = seen.launch();
            steps.announce(new EventData.Started(steps.name(), seen.flinkJobId(), seen.runningParallelism(),
                    tracking.attempt(), launch == null ? null : launch.start(), launch == null ? null : launch.phases()),
                    steps.facts().record().launch(), Integer.toString(tracking.attempt()),
                    t -> t.withParallelism(seen.runningParallelism()).withLaunch(launch)
                            .withVertices(seen.autoscaled() == null ? Map.of() : seen.autoscaled().parallelism())
                            .withState(JobState.RUNNING, now));
        } else if (seen.autoscaled() != null && !seen.autoscaled().parallelism().equals(tracking.vertices())) {
            AutoscaledVertices after = seen.autoscaled();
            steps.announce(AutoscalerResizes.rescaled(steps.name(), tracking, after),
                    steps.facts().record().launch(), AutoscalerResizes.occurrence(after),
                    t -> t.withParallelism(after.highest()).withVertices(after.parallelism()));
        } else if (seen.runningParallelism() != tracking.parallelism()) {
            steps.announce(new EventData.Rescaled(steps.name(), tracking.parallelism(), seen.runningParallelism(),
                    seen.rescaleMethod()), cause(steps.facts(), steps.facts().record().rescaleRequest()),
                    Long.toString(seen.revision()),
                    t -> t.withParallelism(seen.runningParallelism()).withState(JobState.RUNNING, now));
        }
    }

    private static void failed(DecisionSteps steps, JobObservation seen, Instant now) {
        if (!seen.current() || steps.state() == JobState.RETRYING) {
            return; // a retry is already scheduled for this failure
        }
        TrackingState tracking = steps.current();
        if (tracking.attempt() < steps.facts().record().policy().maxAttempts()) {
            steps.record(tracking.withLastError(seen.message()).withState(JobState.RETRYING, now));
            return;
        }
        steps.replace(tracking.withLastError(seen.message()));
        steps.finish(JobState.FAILED, steps.facts().record().launch(), new EventData.Failed(steps.name(),
                Objects.requireNonNullElse(seen.message(), "unknown"), tracking.attempt()));
    }

    static RequestContext cause(Facts facts, RequestContext request) {
        return request != null ? request : facts.record().launch();
    }
}
