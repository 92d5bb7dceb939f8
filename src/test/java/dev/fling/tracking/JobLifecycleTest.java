package dev.fling.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fling.events.RequestContext;
import dev.fling.events.payload.EventData;
import dev.fling.runtime.AutoscaledVertices;
import dev.fling.runtime.JobObservation;
import dev.fling.runtime.JobObservation.Phase;
import dev.fling.runtime.JobPolicy;
import dev.fling.runtime.JobRecord;
import dev.fling.runtime.JobRef;
import dev.fling.runtime.JobState;
import dev.fling.runtime.LaunchPhases;
import dev.fling.runtime.TrackingState;
import dev.fling.tracking.JobLifecycle.Action;
import dev.fling.tracking.JobLifecycle.Decision;
import dev.fling.tracking.JobLifecycle.Facts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every transition README promises, as a table: the job as known, what happened, and what the
 * lifecycle decides (runtime action, events in order, the state after, whether it is recorded).
 */
class JobLifecycleTest {

    private static final Instant ACCEPTED_AT = Instant.parse("2026-12-02T12:00:00Z");
    private static final Instant NOW = ACCEPTED_AT.plusSeconds(600);
    private static final Duration STUCK_AFTER = Duration.ofSeconds(120);
    private static final RequestContext LAUNCH = request("launch-1", "dev.fling.job.launch");
    private static final RequestContext CANCEL = request("cancel-1", "dev.fling.job.cancel");
    private static final RequestContext RESCALE = request("rescale-1", "dev.fling.job.rescale");
    private static final LaunchPhases WARM_LAUNCH = new LaunchPhases(LaunchPhases.Start.WARM,
            Map.of(LaunchPhases.QUEUED, 12L, LaunchPhases.SUBMITTED, 340L, LaunchPhases.RUNNING, 95L));

    /** One row: its name, the job, the input (observed, tick, removed), and the expected outcome. */
    record Row(String name, Job job, BiFunction<Facts, Instant, Decision> input, Action action, List<String> events,
            JobState state, boolean recorded, boolean awaitingRestart, Expectation more) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A further check on the decision. */
    interface Expectation {
        void check(Decision decision);
    }

    static Stream<Row> transitions() {
        return Stream.of(
                row("a queued launch is pending once", job(JobState.ACCEPTED).seen(seen(Phase.QUEUED)), observed(),
                        Action.NONE, List.of("pending"), JobState.PENDING, true),
                row("a launch the queue holds back is pending once, with its tenant, reason and place",
                        job(JobState.ACCEPTED), waiting(), Action.NONE, List.of("pending"), JobState.PENDING, true,
                        d -> assertThat(d.steps().get(0).event()).isEqualTo(new dev.fling.events.payload.EventData
                                .Pending("etl-0123456789", "tenant 'team-a': 2 of at most 2 jobs running", "team-a", 3))),
                row("a job already pending is not announced again by the queue", job(JobState.PENDING), waiting(),
                        Action.NONE, List.of(), JobState.PENDING, false),
                row("a job the queue held back that was cancelled meanwhile is not pending",
                        job(JobState.CANCELLED), waiting(), Action.NONE, List.of(), JobState.CANCELLED, false),
                row("a follower never announces a wait", job(JobState.ACCEPTED).follower(), waiting(), Action.NONE,
                        List.of(), JobState.ACCEPTED, false),
                row("a job waiting in the queue says nothing while it waits",
                        job(JobState.PENDING).seen(seen(Phase.WAITING)), observed(), Action.NONE, List.of(),
                        JobState.PENDING, false),
                row("a launch waiting in the queue before the queue spoke says nothing",
                        job(JobState.ACCEPTED).seen(seen(Phase.WAITING)), observed(), Action.NONE, List.of(),
                        JobState.ACCEPTED, false),
                row("a pending job whose deadline passes while it waits times out and is withdrawn",
                        job(JobState.PENDING).seen(seen(Phase.WAITING)).deadline(NOW.minusSeconds(1)), tick(),
                        Action.STOP, List.of("timedout"), JobState.TIMED_OUT, true),
                row("a pending job withdrawn by a cancel is cancelled",
                        job(JobState.PENDING).cancelRequest().seen(seen(Phase.CANCELLED)), observed(), Action.NONE,
                        List.of("cancelled"), JobState.CANCELLED, true),
                row("a pending job still queued says nothing", job(JobState.PENDING).seen(seen(Phase.QUEUED)),
                        observed(), Action.NONE, List.of(), JobState.PENDING, false),
                row("a deploying cluster is deploying, kept in memory only",
                        job(JobState.ACCEPTED).seen(seen(Phase.DEPLOYING)), observed(), Action.NONE, List.of(),
                        JobState.DEPLOYING, false),
                row("a pending job that deploys is deploying", job(JobState.PENDING).seen(seen(Phase.DEPLOYING)),
                        observed(), Action.NONE, List.of(), JobState.DEPLOYING, false),
                row("a running job is started with its parallelism and attempt",
                        job(JobState.DEPLOYING).seen(running(2)), observed(), Action.NONE, List.of("started"),
                        JobState.RUNNING, true, d -> {
                            assertThat(d.steps().get(0).occurrence()).isEqualTo("1");
                            assertThat(d.last(null).parallelism()).isEqualTo(2);
                        }),
                row("a started job says how it started and where its launch's time went, and keeps it",
                        job(JobState.DEPLOYING).seen(running(1).withLaunch(WARM_LAUNCH)), observed(), Action.NONE,
                        List.of("started"), JobState.RUNNING, true, d -> {
                            assertThat(d.steps().get(0).event()).isEqualTo(new dev.fling.events.payload.EventData
                                    .Started("etl-0123456789", "f".repeat(32), 1, 1, LaunchPhases.Start.WARM,
                                            WARM_LAUNCH.phases()));
                            assertThat(d.last(null).launch()).isEqualTo(WARM_LAUNCH);
                        }),
                row("a job that ran before a restart of Fling is not started again",
                        job(JobState.RUNNING).parallelism(2).seen(running(2)), observed(), Action.NONE, List.of(),
                        JobState.RUNNING, false),
                row("a new parallelism running is rescaled, by the rescale request",
                        job(JobState.RESCALING).parallelism(1).rescaleRequest().seen(running(3)), observed(),
                        Action.NONE, List.of("rescaled"), JobState.RUNNING, true, d -> {
                            assertThat(d.steps().get(0).occurrence()).isEqualTo("7");
                            assertThat(d.steps().get(0).cause()).isEqualTo(RESCALE);
                            assertThat(d.last(null).parallelism()).isEqualTo(3);
                        }),
                row("an autoscaler's resize is rescaled, method autoscaler, each vertex before and after, with its reason",
                        job(JobState.RUNNING).parallelism(2).seen(autoscaled(Map.of("a", 4, "b", 2), "1700", "busy")),
                        observed(), Action.NONE, List.of("rescaled"), JobState.RUNNING, true, d -> {
                            var rescaled = (EventData.Rescaled) d.steps().get(0).event();
                            assertThat(rescaled).isEqualTo(new EventData.Rescaled("etl-0123456789", 2, 4, "autoscaler",
                                    List.of(new EventData.VertexRescale("a", 2, 4), new EventData.VertexRescale("b", 2, 2)),
                                    "busy"));
                            assertThat(d.steps().get(0).occurrence()).isEqualTo("autoscaler-1700");
                            assertThat(d.steps().get(0).cause()).as("nobody asked: the launch").isEqualTo(LAUNCH);
                            assertThat(d.last(null).parallelism()).isEqualTo(4);
                            assertThat(d.last(null).vertices()).containsOnly(Map.entry("a", 4), Map.entry("b", 2));
                        }),
                row("a later resize starts from the vertices last reported",
                        job(JobState.RUNNING).parallelism(4).vertices(Map.of("a", 4, "b", 2))
                                .seen(autoscaled(Map.of("a", 1, "b", 1), "1800", null)),
                        observed(), Action.NONE, List.of("rescaled"), JobState.RUNNING, true, d -> assertThat(
                                d.steps().get(0).event()).isEqualTo(new EventData.Rescaled("etl-0123456789", 4, 1,
                                "autoscaler", List.of(new EventData.VertexRescale("a", 4, 1),
                                new EventData.VertexRescale("b", 2, 1)), null))),
                row("a resize already reported (seen again after a restart of Fling) says nothing",
                        job(JobState.RUNNING).parallelism(4).vertices(Map.of("a", 4, "b", 2))
                                .seen(autoscaled(Map.of("a", 4, "b", 2), "1700", "busy")),
                        observed(), Action.NONE, List.of(), JobState.RUNNING, false),
                row("a start with the autoscaler's vertices already set reports them, not a resize after",
                        job(JobState.DEPLOYING).parallelism(2).seen(autoscaled(Map.of("a", 3), "1900", null)),
                        observed(), Action.NONE, List.of("started"), JobState.RUNNING, true,
                        d -> assertThat(d.last(null).vertices()).containsOnly(Map.entry("a", 3))),
                row("a rescale not yet taken in says nothing", job(JobState.RESCALING).parallelism(1)
                        .seen(notCurrent(running(3))), observed(), Action.NONE, List.of(), JobState.RESCALING, false),
                row("a change in flight (an upgrade, FINISHED while suspending) says nothing",
                        job(JobState.RUNNING).seen(seen(Phase.CHANGING)), observed(), Action.NONE, List.of(),
                        JobState.RUNNING, false),
                row("a new savepoint is announced once", job(JobState.RUNNING).parallelism(1)
                        .seen(savepoint(running(1), "sp-1")), observed(), Action.NONE, List.of("savepoint.completed"),
                        JobState.RUNNING, true, d -> assertThat(d.last(null).lastSavepoint()).isEqualTo("sp-1")),
                row("a savepoint already announced is not announced again", job(JobState.RUNNING).parallelism(1)
                        .lastSavepoint("sp-1").seen(savepoint(running(1), "sp-1")), observed(), Action.NONE,
                        List.of(), JobState.RUNNING, false),
                row("a finished job succeeded", job(JobState.RUNNING).seen(seen(Phase.FINISHED)), observed(),
                        Action.NONE, List.of("succeeded"), JobState.SUCCEEDED, true),
                row("a failure with attempts left is retrying, recorded, said to nobody",
                        job(JobState.RUNNING).attempts(2).seen(failed("boom")), observed(), Action.NONE, List.of(),
                        JobState.RETRYING, true, d -> assertThat(d.last(null).lastError()).isEqualTo("boom")),
                row("a failure on the last attempt failed, with Flink's cause", job(JobState.RUNNING).attempts(2)
                        .attempt(2).seen(failed("boom")), observed(), Action.NONE, List.of("failed"), JobState.FAILED,
                        true, d -> assertThat(d.last(null).lastError()).isEqualTo("boom")),
                row("a job already retrying is not retried twice for one failure",
                        job(JobState.RETRYING).attempts(3).seen(failed("boom")), observed(), Action.NONE, List.of(),
                        JobState.RETRYING, false),
                row("a requested cancel is cancelled by its request", job(JobState.RUNNING).cancelRequest()
                        .seen(seen(Phase.CANCELLED)), observed(), Action.NONE, List.of("cancelled"),
                        JobState.CANCELLED, true, d -> assertThat(d.steps().get(0).cause()).isEqualTo(CANCEL)),
                row("a cancel nobody asked for is external", job(JobState.RUNNING).seen(seen(Phase.CANCELLED)),
                        observed(), Action.NONE, List.of("cancelled"), JobState.CANCELLED, true,
                        d -> assertThat(d.steps().get(0).cause()).isEqualTo(LAUNCH)),
                row("an ended job ignores what the runtime still says", job(JobState.SUCCEEDED).seen(failed("late")),
                        observed(), Action.NONE, List.of(), JobState.SUCCEEDED, false),
                row("a passed deadline stops the job and times it out", job(JobState.RUNNING)
                        .deadline(NOW.minusSeconds(1)).seen(running(1)), tick(), Action.STOP, List.of("timedout"),
                        JobState.TIMED_OUT, true),
                row("a retry whose backoff passed restarts the next attempt", job(JobState.RETRYING).attempts(3)
                        .since(NOW.minusSeconds(10)).backoff(Duration.ofSeconds(5)).seen(failed("boom")), tick(),
                        Action.RESTART, List.of(), JobState.DEPLOYING, true, true,
                        d -> assertThat(d.last(null).attempt()).isEqualTo(2)),
                row("a retry still in its backoff waits", job(JobState.RETRYING).attempts(3).since(NOW.minusSeconds(1))
                        .backoff(Duration.ofSeconds(5)).seen(failed("boom")), tick(), Action.NONE, List.of(),
                        JobState.RETRYING, false),
                row("while a restart is awaited the failed attempt says nothing", job(JobState.DEPLOYING).attempt(2)
                        .awaitingRestart().seen(failed("boom")), observed(), Action.NONE, List.of(),
                        JobState.DEPLOYING, false, true, d -> { }),
                row("the restarted attempt running is started for that attempt", job(JobState.DEPLOYING).attempt(2)
                        .awaitingRestart().seen(running(1)), observed(), Action.NONE, List.of("started"),
                        JobState.RUNNING, true, false, d -> assertThat(d.steps().get(0).occurrence()).isEqualTo("2")),
                row("a job deploying for the stuck limit is told pending once, its state unchanged",
                        job(JobState.DEPLOYING).attempt(2).since(NOW.minus(STUCK_AFTER)).seen(seen(Phase.DEPLOYING)),
                        tick(), Action.NONE, List.of("pending"), JobState.DEPLOYING, true, d -> {
                            assertThat(d.steps().get(0).occurrence()).isEqualTo("deploying-2");
                            assertThat(((EventData.Pending) d.steps().get(0).event()).reason())
                                    .isEqualTo("still deploying after 120 s: the cluster or the job in it has not started yet");
                            assertThat(JobLifecycle.stuck(d.last(null), STUCK_AFTER, NOW.plusSeconds(60)))
                                    .as("told once").isFalse();
                        }),
                row("a job deploying for less than the stuck limit is not told anything",
                        job(JobState.DEPLOYING).since(NOW.minus(STUCK_AFTER).plusSeconds(1)).seen(seen(Phase.DEPLOYING)),
                        tick(), Action.NONE, List.of(), JobState.DEPLOYING, false),
                row("an ended job is deleted once its time-to-live passed", job(JobState.SUCCEEDED)
                        .since(NOW.minusSeconds(61)).ttl(Duration.ofSeconds(60)), tick(), Action.DELETE, List.of(),
                        JobState.SUCCEEDED, false),
                row("an ended job within its time-to-live stays", job(JobState.FAILED).since(NOW.minusSeconds(59))
                        .ttl(Duration.ofSeconds(60)), tick(), Action.NONE, List.of(), JobState.FAILED, false),
                row("a job deleted behind Fling's back is cancelled externally, not recorded",
                        job(JobState.RUNNING), removed(), Action.NONE, List.of("cancelled"), JobState.RUNNING, false),
                row("an ended job deleted is not reported again", job(JobState.CANCELLED), removed(), Action.NONE,
                        List.of(), JobState.CANCELLED, false),
                row("a follower mirrors the state the leader recorded", job(JobState.DEPLOYING).follower()
                        .recorded(JobState.RUNNING).seen(running(1)), observed(), Action.NONE, List.of(),
                        JobState.RUNNING, false),
                row("a follower runs no timers", job(JobState.RUNNING).follower().deadline(NOW.minusSeconds(1)),
                        tick(), Action.NONE, List.of(), JobState.RUNNING, false),
                row("a follower does not report a deleted job", job(JobState.RUNNING).follower(), removed(),
                        Action.NONE, List.of(), JobState.RUNNING, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transitions")
    void decides(Row row) {
        Facts facts = row.job().facts();

        Decision decision = row.input().apply(facts, NOW);

        assertThat(decision.action()).as("runtime action").isEqualTo(row.action());
        assertThat(decision.steps().stream().map(JobLifecycle.Step::event).filter(Objects::nonNull)
                .map(event -> event.type().type().substring("dev.fling.job.".length())).toList())
                .as("events, in order").isEqualTo(row.events());
        assertThat(decision.last(facts.tracking()).state()).as("state after").isEqualTo(row.state());
        assertThat(decision.steps().stream().anyMatch(JobLifecycle.Step::record)).as("recorded in the runtime")
                .isEqualTo(row.recorded());
        assertThat(decision.awaitingRestart()).as("awaiting a restart").isEqualTo(row.awaitingRestart());
        for (JobLifecycle.Step step : decision.steps()) {
            if (step.event() != null) {
                assertThat(step.next().events()).as("the state after an event holds it")
                        .anyMatch(e -> e.type().equals(step.event().type().type()) && e.time().equals(NOW));
            }
        }
        row.more().check(decision);
    }

    // --- the table's vocabulary ---

    private static Row row(String name, Job job, BiFunction<Facts, Instant, Decision> input, Action action,
            List<String> events, JobState state, boolean recorded) {
        return row(name, job, input, action, events, state, recorded, d -> { });
    }

    private static Row row(String name, Job job, BiFunction<Facts, Instant, Decision> input, Action action,
            List<String> events, JobState state, boolean recorded, Expectation more) {
        return row(name, job, input, action, events, state, recorded, job.awaitingRestart, more);
    }

    private static Row row(String name, Job job, BiFunction<Facts, Instant, Decision> input, Action action,
            List<String> events, JobState state, boolean recorded, boolean awaitingRestart, Expectation more) {
        return new Row(name, job, input, action, events, state, recorded, awaitingRestart, more);
    }

    private static BiFunction<Facts, Instant, Decision> observed() {
        return JobLifecycle::observed;
    }

    private static BiFunction<Facts, Instant, Decision> tick() {
        return JobLifecycle::tick;
    }

    private static BiFunction<Facts, Instant, Decision> waiting() {
        return (facts, now) -> JobLifecycle.waiting(facts,
                new JobLifecycle.Wait("team-a", "tenant 'team-a': 2 of at most 2 jobs running", 3), now);
    }

    private static BiFunction<Facts, Instant, Decision> removed() {
        return JobLifecycle::removed;
    }

    private static JobObservation seen(Phase phase) {
        return new JobObservation(phase, "f".repeat(32), 0, null, null, null, "in-place", 7, true);
    }

    private static JobObservation running(int parallelism) {
        return new JobObservation(Phase.RUNNING, "f".repeat(32), parallelism, null, null, null, "in-place", 7, true);
    }

    private static JobObservation autoscaled(Map<String, Integer> vertices, String occurrence, String reason) {
        int highest = vertices.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        return running(highest).withAutoscaled(new AutoscaledVertices(vertices, occurrence, reason));
    }

    private static JobObservation failed(String message) {
        return new JobObservation(Phase.FAILED, "f".repeat(32), 0, message, null, null, "in-place", 7, true);
    }

    private static JobObservation notCurrent(JobObservation seen) {
        return new JobObservation(seen.phase(), seen.flinkJobId(), seen.runningParallelism(), seen.message(),
                seen.savepoint(), seen.stopSavepointPath(), seen.rescaleMethod(), seen.revision(), false);
    }

    private static JobObservation savepoint(JobObservation seen, String trigger) {
        return new JobObservation(seen.phase(), seen.flinkJobId(), seen.runningParallelism(), seen.message(),
                new JobObservation.Savepoint(trigger, "file:/savepoints/" + trigger), seen.stopSavepointPath(),
                seen.rescaleMethod(), seen.revision(), seen.current());
    }

    private static RequestContext request(String id, String type) {
        return new RequestContext(id, "/tests", type, Map.of("correlationid", id));
    }

    private static Job job(JobState state) {
        return new Job(state);
    }

    /** A job as the tracker knows it, built up row by row. */
    static final class Job {
        private final JobState state;
        private JobState recorded;
        private Instant since = NOW.minusSeconds(5);
        private int attempt = 1;
        private int parallelism = 1;
        private String lastSavepoint;
        private int maxAttempts = 1;
        private Duration backoff = Duration.ZERO;
        private Duration ttl = Duration.ofHours(1);
        private Instant deadline;
        private RequestContext cancelRequest;
        private RequestContext rescaleRequest;
        private JobObservation seen;
        private boolean awaitingRestart;
        private boolean leading = true;
        private Map<String, Integer> vertices = Map.of();

        Job(JobState state) {
            this.state = state;
            this.recorded = state;
        }

        Job seen(JobObservation observation) {
            this.seen = observation;
            return this;
        }

        Job since(Instant at) {
            this.since = at;
            return this;
        }

        Job attempt(int number) {
            this.attempt = number;
            return this;
        }

        Job attempts(int max) {
            this.maxAttempts = max;
            return this;
        }

        Job parallelism(int value) {
            this.parallelism = value;
            return this;
        }

        Job lastSavepoint(String trigger) {
            this.lastSavepoint = trigger;
            return this;
        }

        Job backoff(Duration value) {
            this.backoff = value;
            return this;
        }

        Job ttl(Duration value) {
            this.ttl = value;
            return this;
        }

        Job deadline(Instant at) {
            this.deadline = at;
            return this;
        }

        Job cancelRequest() {
            this.cancelRequest = CANCEL;
            return this;
        }

        Job vertices(Map<String, Integer> reported) {
            this.vertices = reported;
            return this;
        }

        Job rescaleRequest() {
            this.rescaleRequest = RESCALE;
            return this;
        }

        Job awaitingRestart() {
            this.awaitingRestart = true;
            return this;
        }

        Job follower() {
            this.leading = false;
            return this;
        }

        /** What the leader recorded in the runtime (a follower mirrors it). */
        Job recorded(JobState value) {
            this.recorded = value;
            return this;
        }

        Facts facts() {
            TrackingState tracking = new TrackingState(state, since, attempt, parallelism, lastSavepoint, null,
                    List.of(new TrackingState.Announced("dev.fling.job.accepted", null, ACCEPTED_AT)))
                    .withVertices(vertices);
            JobPolicy policy = new JobPolicy(deadline, deadline == null ? 0 : 600, ttl, maxAttempts, backoff);
            JobRecord record = new JobRecord(new JobRef("default", "etl-0123456789"), LAUNCH, Map.of(), policy,
                    ACCEPTED_AT, tracking.withState(recorded, since), rescaleRequest, cancelRequest, null);
            return new Facts(record, tracking, seen, awaitingRestart, leading, STUCK_AFTER);
        }
    }
}
