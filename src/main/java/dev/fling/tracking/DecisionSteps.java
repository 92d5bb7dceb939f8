package dev.fling.tracking;

import dev.fling.events.RequestContext;
import dev.fling.events.payload.EventData;
import dev.fling.runtime.JobObservation;
import dev.fling.runtime.JobState;
import dev.fling.runtime.TrackingState;
import dev.fling.tracking.JobLifecycle.Action;
import dev.fling.tracking.JobLifecycle.Decision;
import dev.fling.tracking.JobLifecycle.Facts;
import dev.fling.tracking.JobLifecycle.Step;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/** The steps of one {@link JobLifecycle} decision, each building on the state the one before left. */
final class DecisionSteps {

    private final Facts facts;
    private final Instant now;
    private final List<Step> steps = new ArrayList<>();
    /** The state so far, including changes not yet in a step (see {@link #replace}). */
    private TrackingState current;

    DecisionSteps(Facts facts, Instant now) {
        this.facts = facts;
        this.now = now;
        this.current = facts.tracking();
    }

    String name() {
        return facts.record().ref().name();
    }

    TrackingState current() {
        return current;
    }

    JobState state() {
        return current.state();
    }

    void savepoint(JobObservation seen) {
        JobObservation.Savepoint savepoint = seen.savepoint();
        if (savepoint == null || savepoint.path() == null
                || Objects.equals(savepoint.trigger(), current.lastSavepoint())) {
            return;
        }
        announce(new EventData.SavepointCompleted(name(), savepoint.path()),
                JobLifecycle.cause(facts, facts.record().savepointRequest()), savepoint.trigger(),
                t -> t.withLastSavepoint(savepoint.trigger()));
    }

    void announce(EventData event, RequestContext cause, String occurrence,
            UnaryOperator<TrackingState> change) {
        TrackingState announced = current.withEvent(new TrackingState.Announced(event.type().type(), occurrence, now));
        current = change.apply(announced);
        steps.add(new Step(event, cause, occurrence, current, true));
    }

    void finish(JobState state, RequestContext cause, EventData event) {
        announce(event, cause, null, t -> t.withState(state, now));
    }

    /** A change recorded in the runtime that nobody is told of. */
    void record(TrackingState next) {
        current = next;
        steps.add(new Step(null, null, null, next, true));
    }

    /** A change only kept in memory. */
    void keep(TrackingState next) {
        current = next;
        steps.add(new Step(null, null, null, next, false));
    }

    /** A change that goes out with the next step. */
    void replace(TrackingState next) {
        current = next;
    }

    Decision decision(Action action, boolean awaitingRestart) {
        return new Decision(action, List.copyOf(steps), awaitingRestart);
    }

    Facts facts() {
        return facts;
    }
}
