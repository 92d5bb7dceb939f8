package dev.fling.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.admission.Admission;
import dev.fling.admission.Command;
import dev.fling.admission.DefaultsConfig;
import dev.fling.admission.LaunchDefinitions;
import dev.fling.admission.LaunchPolicy;
import dev.fling.admission.PolicyConfig;
import dev.fling.admission.Rejection;
import dev.fling.admission.RequestRejectedException;
import dev.fling.egress.BrokerRefusedException;
import dev.fling.egress.EventFactory;
import dev.fling.egress.EventPublisher;
import dev.fling.egress.EventsConfig;
import dev.fling.egress.SinkConfig;
import dev.fling.egress.SinkPublisher;
import dev.fling.events.DataSchemas;
import dev.fling.events.payload.RejectionReason;
import dev.fling.leadership.HaConfig;
import dev.fling.runtime.JobRef;
import dev.fling.runtime.JobState;
import dev.fling.runtime.RuntimeUnavailableException;
import dev.fling.testing.Requests;
import dev.fling.testing.TestingClock;
import dev.fling.testing.TestingConfig;
import dev.fling.testing.TestingEmitter;
import dev.fling.testing.TestingRuntime;
import dev.fling.testing.TestingRuntime.Call;
import dev.fling.tracking.Announcement;
import dev.fling.tracking.JobTracker;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;

/**
 * Where the dispatcher sends each admitted command, and what its sender hears back: the runtime
 * call it makes (once, even for a request delivered again), the {@code accepted} event, or the
 * rejection with its reason. A real {@link JobTracker} keeps the jobs; the runtime and the broker
 * are doubles.
 */
class DispatcherTest {

    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final DataSchemas SCHEMAS = new DataSchemas();
    private static final DefaultsConfig DEFAULTS = TestingConfig.of(DefaultsConfig.class);
    private static final LaunchPolicy POLICY = new LaunchPolicy(TestingConfig.of(PolicyConfig.class));

    private final TestingClock clock = new TestingClock(NOW);
    private final Admission admission = new Admission(SCHEMAS, new LaunchDefinitions(DEFAULTS, clock), POLICY, JSON);
    private final TestingRuntime runtime = new TestingRuntime();
    private final TestingEmitter<CloudEvent> broker = new TestingEmitter<>();
    private final JobTracker tracker = tracker(runtime, broker, clock);
    private final Dispatcher dispatcher = new Dispatcher(runtime, tracker);

    DispatcherTest() {
        runtime.watch(tracker);
    }

    @Test
    void aLaunchIsLaunchedOnceAndAnsweredAccepted() {
        CloudEvent request = Requests.launch(Requests.launchData("name", "wordcount", "parallelism", 2));
        Command.Launch launch = (Command.Launch) admit(request);
        String job = Requests.jobName(request, "wordcount");

        Announcement accepted = dispatcher.dispatch(launch);

        assertThat(runtime.calls()).containsExactly(Call.of("launch", new JobRef("default", job), launch.definition()));
        assertThat(runtime.jobs()).containsExactly(job);
        CloudEvent event = accepted.event();
        assertThat(event.getType()).isEqualTo("dev.fling.job.accepted");
        assertThat(event.getSubject()).isEqualTo(job);
        assertThat(event.getId()).isEqualTo("default/" + job + "/accepted");
        assertThat(event.getSource()).isEqualTo(URI.create("/fling"));
        assertThat(event.getTime().toInstant()).as("when the job was accepted").isEqualTo(NOW);
        assertThat(event.getExtension("flingrequestid")).isEqualTo(request.getId());
        assertThat(event.getExtension("correlationid")).isEqualTo(request.getExtension("correlationid"));
        assertThat(event.getExtension("traceparent")).isEqualTo(Requests.TRACEPARENT);
        assertThat(data(event)).isEqualTo(json(Map.of(
                "job", job, "namespace", "default", "request", "launch", "runtime", "testing")));
        assertThat(accepted.written().toCompletableFuture()).as("the broker took it").isCompleted();
        assertThat(broker.taken()).containsExactly(event);
    }

    @Test
    void aCommandFromAnotherTenantCannotTouchAJob() {
        String[] teams = {"fling.tenants.team-a.sources", "/team-a/*", "fling.tenants.team-b.sources", "/team-b/*"};
        dev.fling.tenants.Tenants tenants = new dev.fling.tenants.Tenants(
                TestingConfig.of(dev.fling.tenants.TenantsConfig.class, teams),
                TestingConfig.of(dev.fling.tenants.QuotaConfig.class, teams), java.util.OptionalInt.empty());
        Admission byTenant = new Admission(SCHEMAS, new LaunchDefinitions(DEFAULTS, clock),
                TestingConfig.of(PolicyConfig.class), tenants, JSON);
        Dispatcher withTenants = new Dispatcher(runtime, tracker, new dev.fling.tenants.QueueKeeper(tenants, runtime,
                tracker, TestingConfig.of(dev.fling.tracking.TrackingConfig.class), clock,
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry()), tenants);
        CloudEvent launch = io.cloudevents.core.builder.CloudEventBuilder.v1(Requests.launch(Requests.launchData()))
                .withSource(URI.create("/team-a/etl")).build();
        String job = Requests.jobName(launch, null);
        withTenants.dispatch(byTenant.admit(launch));

        CloudEvent foreign = io.cloudevents.core.builder.CloudEventBuilder.v1(Requests.cancel(job, false))
                .withSource(URI.create("/team-b/etl")).build();
        try {
            withTenants.dispatch(byTenant.admit(foreign));
            throw new AssertionError("a cancel from team-b was accepted");
        } catch (RequestRejectedException e) {
            assertThat(e.rejection().reason()).isEqualTo(RejectionReason.POLICY_VIOLATION);
            assertThat(e.rejection().message()).isEqualTo("job '" + job + "' belongs to tenant 'team-a'; a request "
                    + "from tenant 'team-b' may not change it");
        }
        assertThat(runtime.calls()).extracting(Call::operation).doesNotContain("stop");

        CloudEvent own = io.cloudevents.core.builder.CloudEventBuilder.v1(Requests.cancel(job, false))
                .withSource(URI.create("/team-a/scheduler")).build();
        withTenants.dispatch(byTenant.admit(own));
        assertThat(runtime.calls()).extracting(Call::operation).contains("stop");
    }

    @Test
    void aLaunchDeliveredAgainIsAnnouncedAgainNotLaunchedTwice() {
        CloudEvent request = Requests.launch(Requests.launchData("name", "wordcount"));
        String job = Requests.jobName(request, "wordcount");
        Announcement first = dispatcher.dispatch(admit(request));
        clock.advance(Duration.ofMinutes(5));

        Announcement again = dispatcher.dispatch(admit(request));

        assertThat(runtime.jobs()).as("one cluster").containsExactly(job);
        assertThat(runtime.calls()).as("the runtime was asked, and found the cluster the first delivery made")
                .extracting(Call::operation).containsExactly("launch", "launch");
        assertThat(again.event().getId()).isEqualTo(first.event().getId()).isEqualTo("default/" + job + "/accepted");
        assertThat(again.event().getTime().toInstant()).as("when the job was accepted").isEqualTo(NOW);
        assertThat(again.written().toCompletableFuture()).isCompleted();
        assertThat(broker.taken()).as("the accepted event went out once").hasSize(1);
    }

    @Test
    void aLaunchWhoseAcceptedEventTheBrokerRefusedIsAnnouncedWhenDeliveredAgain() {
        CloudEvent request = Requests.launch(Requests.launchData("name", "wordcount"));
        RecordTooLargeException tooLarge = new RecordTooLargeException("too large");
        broker.refuse(tooLarge);

        Announcement refused = dispatcher.dispatch(admit(request));

        assertThatThrownBy(() -> refused.written().toCompletableFuture().join()).as("the ingress must try again")
                .isExactlyInstanceOf(BrokerRefusedException.class).hasCause(tooLarge);
        broker.takeAgain();

        Announcement again = dispatcher.dispatch(admit(request));

        assertThat(again.written().toCompletableFuture()).isCompleted();
        assertThat(broker.refused()).extracting(CloudEvent::getId).containsExactly(refused.event().getId());
        assertThat(broker.taken()).extracting(CloudEvent::getId).containsExactly(refused.event().getId());
        assertThat(runtime.jobs()).hasSize(1);
    }

    @Test
    void aRescaleOfARunningJobAsksTheRuntimeAndMovesTheJobToRescaling() {
        String job = running(2);
        CloudEvent request = Requests.rescale(job, 3);
        clock.advance(Duration.ofMinutes(1));

        Announcement accepted = dispatcher.dispatch(admit(request));

        assertThat(runtime.calls()).last().isEqualTo(Call.of("rescale", new JobRef("default", job), 3));
        assertThat(tracker.snapshot(job).orElseThrow().tracking().state()).isEqualTo(JobState.RESCALING);
        assertThat(runtime.recorded(job).state()).as("what a restarted Fling finds").isEqualTo(JobState.RESCALING);
        CloudEvent event = accepted.event();
        assertThat(event.getType()).isEqualTo("dev.fling.job.accepted");
        assertThat(event.getSubject()).isEqualTo(job);
        assertThat(event.getId()).isEqualTo("default/" + job + "/accepted/rescale/" + Requests.key(request));
        assertThat(event.getTime().toInstant()).as("when the rescale was accepted").isEqualTo(NOW.plusSeconds(60));
        assertThat(event.getExtension("flingrequestid")).isEqualTo(request.getId());
        assertThat(data(event)).isEqualTo(json(Map.of(
                "job", job, "namespace", "default", "request", "rescale", "runtime", "testing")));
        assertThat(broker.taken()).last().isEqualTo(event);
    }

    @Test
    void aRescaleToTheParallelismTheJobRunsWithIsInvalid() {
        String job = running(2);
        List<CloudEvent> before = broker.taken();

        Rejection rejection = rejectionOf(Requests.rescale(job, 2));

        assertThat(rejection.reason()).isEqualTo(RejectionReason.INVALID_STATE);
        assertThat(rejection.message()).isEqualTo("job already runs with parallelism 2");
        assertThat(rejection.job()).isEqualTo(job);
        assertThat(runtime.calls()).extracting(Call::operation).containsExactly("launch");
        assertThat(tracker.snapshot(job).orElseThrow().tracking().state()).isEqualTo(JobState.RUNNING);
        assertThat(broker.taken()).as("nothing announced").isEqualTo(before);
    }

    @Test
    void aManualRescaleOfAnAutoscaledJobIsRefusedAndLeavesTheAutoscalerInCharge() {
        CloudEvent launch = Requests.launch(Requests.launchData("name", "elastic", "parallelism", 2,
                "autoscale", Map.of("minParallelism", 1, "maxParallelism", 4)));
        String job = dispatcher.dispatch(admit(launch)).event().getSubject();
        runtime.observe(job, runtime.running(2));
        assertThat(tracker.snapshot(job).orElseThrow().tracking().state()).isEqualTo(JobState.RUNNING);
        assertThat(broker.taken()).extracting(CloudEvent::getType)
                .containsExactly("dev.fling.job.accepted", "dev.fling.job.started");
        List<CloudEvent> before = broker.taken();

        Rejection rejection = rejectionOf(Requests.rescale(job, 3));

        assertThat(rejection.reason()).isEqualTo(RejectionReason.INVALID_STATE);
        assertThat(rejection.message()).isEqualTo("job is autoscaled between parallelism 1 and 4: "
                + "the autoscaler sets its parallelism, a manual rescale is refused");
        assertThat(rejection.job()).isEqualTo(job);
        assertThat(runtime.calls()).extracting(Call::operation).containsExactly("launch");
        assertThat(tracker.snapshot(job).orElseThrow().tracking().state()).isEqualTo(JobState.RUNNING);
        assertThat(broker.taken()).as("nothing announced").isEqualTo(before);
    }

    @Test
    void aCommandForAJobFlingDoesNotKnowIsRejectedAsUnknown() {
        for (CloudEvent request : List.of(Requests.rescale("nosuch-0123456789", 2),
                Requests.cancel("nosuch-0123456789", false), Requests.savepoint("nosuch-0123456789"))) {
            Rejection rejection = rejectionOf(request);

            assertThat(rejection.reason()).as(request.getType()).isEqualTo(RejectionReason.UNKNOWN_JOB);
            assertThat(rejection.message()).isEqualTo("no job named 'nosuch-0123456789'");
            assertThat(rejection.job()).isEqualTo("nosuch-0123456789");
        }
        assertThat(runtime.calls()).isEmpty();
        assertThat(broker.taken()).isEmpty();
    }

    @Test
    void aSavepointOfARunningJobIsTakenWhereItAsks() {
        String job = running(1);
        CloudEvent request = Requests.request("dev.fling.job.savepoint",
                Map.of("job", job, "targetDirectory", "s3://bucket/savepoints"));

        Announcement accepted = dispatcher.dispatch(admit(request));

        assertThat(runtime.calls()).last().isEqualTo(Call.of("savepoint", new JobRef("default", job),
                Requests.key(request), "s3://bucket/savepoints"));
        assertThat(accepted.event().getId()).isEqualTo("default/" + job + "/accepted/savepoint/" + Requests.key(request));
        assertThat(data(accepted.event()).path("request").asText()).isEqualTo("savepoint");
    }

    @Test
    void aSavepointOfAJobThatIsNotRunningIsInvalid() {
        CloudEvent launch = Requests.launch(Requests.launchData("name", "wordcount"));
        dispatcher.dispatch(admit(launch));
        String job = Requests.jobName(launch, "wordcount");

        Rejection rejection = rejectionOf(Requests.savepoint(job));

        assertThat(rejection.reason()).isEqualTo(RejectionReason.INVALID_STATE);
        assertThat(rejection.message()).isEqualTo("a savepoint needs a running job; the job is ACCEPTED");
        assertThat(rejection.job()).isEqualTo(job);
        assertThat(runtime.calls()).extracting(Call::operation).containsExactly("launch");
    }

    @Test
    void aCancelStopsTheJobWithTheSavepointItAsksFor() {
        String job = running(1);
        CloudEvent request = Requests.cancel(job, true);

        Announcement accepted = dispatcher.dispatch(admit(request));

        assertThat(runtime.calls()).last().isEqualTo(Call.of("stop", new JobRef("default", job), true));
        assertThat(accepted.event().getId()).isEqualTo("default/" + job + "/accepted/cancel/" + Requests.key(request));
    }

    @Test
    void aCommandOnAJobThatHasEndedIsInvalid() {
        String job = running(1);
        runtime.observe(job, runtime.finished());
        assertThat(tracker.snapshot(job).orElseThrow().tracking().state()).isEqualTo(JobState.SUCCEEDED);

        for (CloudEvent request : List.of(Requests.cancel(job, false), Requests.rescale(job, 4))) {
            Rejection rejection = rejectionOf(request);

            assertThat(rejection.reason()).as(request.getType()).isEqualTo(RejectionReason.INVALID_STATE);
            assertThat(rejection.message()).isEqualTo("job has already ended (SUCCEEDED)");
            assertThat(rejection.job()).isEqualTo(job);
        }
        assertThat(runtime.calls()).extracting(Call::operation).containsExactly("launch");
    }

    @Test
    void aLaunchTheRuntimeRefusesIsRejectedAndForgotten() {
        CloudEvent request = Requests.launch(Requests.launchData("name", "wordcount"));
        String job = Requests.jobName(request, "wordcount");
        runtime.refusing("namespace default does not exist");

        Rejection rejection = rejectionOf(request);

        assertThat(rejection.reason()).isEqualTo(RejectionReason.RUNTIME_REFUSED);
        assertThat(rejection.message()).isEqualTo("namespace default does not exist");
        assertThat(rejection.job()).isEqualTo(job);
        assertThat(broker.taken()).as("nothing announced").isEmpty();
        assertThat(tracker.snapshot(job)).as("nothing to follow").isEmpty();
    }

    @Test
    void aRescaleTheRuntimeRefusesIsRejectedAndLeavesTheJobRunning() {
        String job = running(2);
        runtime.refusing("the cluster cannot grow");

        Rejection rejection = rejectionOf(Requests.rescale(job, 3));

        assertThat(rejection.reason()).isEqualTo(RejectionReason.RUNTIME_REFUSED);
        assertThat(rejection.message()).isEqualTo("the cluster cannot grow");
        assertThat(rejection.job()).isEqualTo(job);
        assertThat(tracker.snapshot(job).orElseThrow().tracking().state()).isEqualTo(JobState.RUNNING);
    }

    @Test
    void anUnreachableRuntimePassesThroughSoThatTheIngressTriesAgain() {
        CloudEvent request = Requests.launch(Requests.launchData("name", "wordcount"));
        String job = Requests.jobName(request, "wordcount");
        runtime.unavailable("the API server does not answer");

        assertThatThrownBy(() -> dispatcher.dispatch(admit(request)))
                .isExactlyInstanceOf(RuntimeUnavailableException.class)
                .hasMessage("the API server does not answer");
        assertThat(broker.taken()).isEmpty();

        runtime.recovered();
        Announcement accepted = dispatcher.dispatch(admit(request));

        assertThat(accepted.event().getId()).isEqualTo("default/" + job + "/accepted");
        assertThat(runtime.jobs()).containsExactly(job);
        assertThat(broker.taken()).containsExactly(accepted.event());
    }

    @Test
    void aCommandTheRuntimeCannotTakeNowPassesThroughAndIsAppliedWhenDeliveredAgain() {
        String job = running(2);
        CloudEvent request = Requests.rescale(job, 3);
        runtime.unavailable("the API server went away", "rescale");

        assertThatThrownBy(() -> dispatcher.dispatch(admit(request)))
                .isExactlyInstanceOf(RuntimeUnavailableException.class)
                .hasMessage("the API server went away");
        assertThat(tracker.snapshot(job).orElseThrow().tracking().state()).isEqualTo(JobState.RUNNING);

        runtime.recovered();
        Announcement accepted = dispatcher.dispatch(admit(request));

        assertThat(runtime.calls()).extracting(Call::operation).containsExactly("launch", "rescale", "rescale");
        assertThat(tracker.snapshot(job).orElseThrow().tracking().state()).isEqualTo(JobState.RESCALING);
        assertThat(accepted.event().getId()).isEqualTo("default/" + job + "/accepted/rescale/" + Requests.key(request));
    }

    @Test
    void aCommandDeliveredAgainAfterItTookEffectIsAnsweredAgainNotAppliedTwice() {
        String job = running(2);
        CloudEvent request = Requests.rescale(job, 3);
        Announcement first = dispatcher.dispatch(admit(request));
        runtime.observe(job, runtime.running(3));
        assertThat(tracker.snapshot(job).orElseThrow().tracking().parallelism()).isEqualTo(3);

        Announcement again = dispatcher.dispatch(admit(request));

        assertThat(runtime.calls()).extracting(Call::operation).containsExactly("launch", "rescale");
        assertThat(again.event().getId()).isEqualTo(first.event().getId());
        assertThat(broker.taken()).extracting(CloudEvent::getType).containsExactly("dev.fling.job.accepted",
                "dev.fling.job.started", "dev.fling.job.accepted", "dev.fling.job.rescaled", "dev.fling.job.accepted");
    }

    /** Launches a job and has the runtime report it running with this parallelism; returns its name. */
    private String running(int parallelism) {
        CloudEvent launch = Requests.launch(Requests.launchData("name", "wordcount", "parallelism", parallelism));
        String job = dispatcher.dispatch(admit(launch)).event().getSubject();
        runtime.observe(job, runtime.running(parallelism));
        assertThat(tracker.snapshot(job).orElseThrow().tracking().state()).isEqualTo(JobState.RUNNING);
        assertThat(broker.taken()).extracting(CloudEvent::getType)
                .containsExactly("dev.fling.job.accepted", "dev.fling.job.started");
        return job;
    }

    private Rejection rejectionOf(CloudEvent request) {
        Command command = admit(request);
        try {
            Announcement accepted = dispatcher.dispatch(command);
            throw new AssertionError("expected a rejection, but the request was accepted: " + accepted.event());
        } catch (RequestRejectedException e) {
            return e.rejection();
        }
    }

    private Command admit(CloudEvent request) {
        return admission.admit(request);
    }

    private static JsonNode data(CloudEvent event) {
        try {
            return JSON.readTree(event.getData().toBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(Object value) {
        return JSON.valueToTree(value);
    }

    private static JobTracker tracker(TestingRuntime runtime, TestingEmitter<CloudEvent> broker, Clock clock) {
        MeterRegistry meters = new SimpleMeterRegistry();
        EventPublisher publisher = new EventPublisher(broker, meters,
                new SinkPublisher(TestingConfig.of(SinkConfig.class), JSON, meters));
        return new JobTracker(runtime, new EventFactory(TestingConfig.of(EventsConfig.class), JSON), publisher, clock,
                meters, TestingConfig.of(HaConfig.class), TestingConfig.of(dev.fling.tracking.TrackingConfig.class));
    }
}
