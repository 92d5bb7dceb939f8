package dev.fling.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.events.DataSchemas;
import dev.fling.events.RequestType;
import dev.fling.events.payload.FieldError;
import dev.fling.events.payload.RejectionReason;
import dev.fling.runtime.JobDefinition;
import dev.fling.runtime.JobDefinition.ProcessResources;
import dev.fling.runtime.JobPolicy;
import dev.fling.runtime.JobRef;
import dev.fling.testing.Requests;
import dev.fling.testing.TestingConfig;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What admission decides about a request, as its sender sees it: the command for a good one
 * (its job named after the request, the documented defaults filled in), or the rejection's reason,
 * message and field errors. RejectionIT checks the same decisions end to end through Kafka.
 */
class AdmissionTest {

    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    private static final String LAUNCH_ID = "launch-1";
    /** SHA-256 of "/tests/workflow", NUL, "launch-1", its first five bytes in hex: worked out by hand, not by Fling. */
    private static final String LAUNCH_KEY = "245256214e";
    private static final String JAR = "local:///opt/flink/examples/streaming/TopSpeedWindowing.jar";

    /** With the documented defaults and policy; it keeps nothing between requests but the parsed schemas. */
    private static final Admission ADMISSION = admission(TestingConfig.of(DefaultsConfig.class),
            TestingConfig.of(PolicyConfig.class));

    private final Admission admission = ADMISSION;

    @Test
    void aLaunchIsNamedAfterItsSourceAndIdAndGetsTheDocumentedDefaults() {
        CloudEvent request = withId(LAUNCH_ID, Requests.launch(Requests.launchData("name", "wordcount")));

        Command.Launch launch = (Command.Launch) admission.admit(request);

        JobDefinition job = launch.definition();
        assertThat(launch.job()).isEqualTo("wordcount-" + LAUNCH_KEY);
        assertThat(job.ref()).isEqualTo(new JobRef("default", "wordcount-" + LAUNCH_KEY));
        assertThat(job.jarURI()).isEqualTo(JAR);
        assertThat(job.entryClass()).isEqualTo("org.apache.flink.streaming.examples.windowing.TopSpeedWindowing");
        assertThat(job.image()).isEqualTo("flink:1.20");
        assertThat(job.flinkVersion()).isEqualTo("v1_20");
        assertThat(job.parallelism()).isEqualTo(1);
        assertThat(job.jobManager()).isEqualTo(new ProcessResources(1, "1024m"));
        assertThat(job.taskManager()).isEqualTo(new ProcessResources(1, "1024m"));
        assertThat(job.taskSlots()).isEqualTo(1);
        assertThat(job.args()).isEmpty();
        assertThat(job.flinkConfiguration()).isEmpty();
        assertThat(job.labels()).isEmpty();
        assertThat(job.restore()).isNull();
        assertThat(job.policy()).as("no deadline, an hour's time-to-live, one attempt")
                .isEqualTo(new JobPolicy(null, 0, Duration.ofHours(1), 1, Duration.ofSeconds(10)));
        assertThat(job.acceptedAt()).isEqualTo(NOW);
    }

    @Test
    void aLaunchKeepsTheEnvelopeOfItsRequestForTheEventsItCauses() {
        CloudEvent request = withId(LAUNCH_ID, Requests.launch(Requests.launchData()));

        Command command = admission.admit(request);

        assertThat(command.type()).isEqualTo(RequestType.LAUNCH);
        assertThat(command.request().id()).isEqualTo(LAUNCH_ID);
        assertThat(command.request().source()).isEqualTo(Requests.SOURCE);
        assertThat(command.request().extensions()).containsOnly(
                Map.entry("correlationid", request.getExtension("correlationid")),
                Map.entry("traceparent", Requests.TRACEPARENT));
    }

    @Test
    void aLaunchWithoutANameIsNamedFling() {
        CloudEvent request = withId(LAUNCH_ID, Requests.launch(Requests.launchData()));

        assertThat(admission.admit(request).job()).isEqualTo("fling-" + LAUNCH_KEY);
    }

    @Test
    void aLaunchDeliveredAgainNamesTheSameJobAndAnotherRequestAnother() {
        CloudEvent first = Requests.launch(Requests.launchData("name", "nightly"));
        CloudEvent redelivered = CloudEventBuilder.v1(first).withExtension("correlationid", "wf-again").build();
        CloudEvent another = Requests.launch(Requests.launchData("name", "nightly"));

        assertThat(admission.admit(redelivered).job()).isEqualTo(admission.admit(first).job());
        assertThat(admission.admit(another).job()).isNotEqualTo(admission.admit(first).job());
    }

    @Test
    void whatALaunchAsksForTakesThePlaceOfTheDefaults() {
        CloudEvent request = Requests.launch(Requests.launchData(
                "image", "apache/flink:2.0",
                "flinkVersion", "v2_0",
                "args", List.of("--output", "print"),
                "parallelism", 4,
                "jobManager", Map.of("cpu", 0.5, "memory", "2g"),
                "taskManager", Map.of("cpu", 2, "memory", "1536Mi", "slots", 2),
                "flinkConfiguration", Map.of("state.checkpoints.dir", "s3://bucket/checkpoints"),
                "restoreFrom", Map.of("savepointPath", "s3://bucket/savepoints/sp-1", "allowNonRestoredState", true),
                "deadlineSeconds", 600,
                "ttlSecondsAfterFinished", 0,
                "retry", Map.of("maxAttempts", 3, "backoffSeconds", 5),
                "labels", Map.of("team", "payments")));

        JobDefinition job = ((Command.Launch) admission.admit(request)).definition();

        assertThat(job.image()).isEqualTo("apache/flink:2.0");
        assertThat(job.flinkVersion()).isEqualTo("v2_0");
        assertThat(job.args()).containsExactly("--output", "print");
        assertThat(job.parallelism()).isEqualTo(4);
        assertThat(job.jobManager()).isEqualTo(new ProcessResources(0.5, "2g"));
        assertThat(job.taskManager()).isEqualTo(new ProcessResources(2, "1536Mi"));
        assertThat(job.taskSlots()).isEqualTo(2);
        assertThat(job.flinkConfiguration()).containsOnly(Map.entry("state.checkpoints.dir", "s3://bucket/checkpoints"));
        assertThat(job.restore()).isEqualTo(new JobDefinition.Restore("s3://bucket/savepoints/sp-1", true));
        assertThat(job.policy()).as("deadline ten minutes from admission, kept no time after it ends, three attempts")
                .isEqualTo(new JobPolicy(NOW.plusSeconds(600), 600, Duration.ZERO, 3, Duration.ofSeconds(5)));
        assertThat(job.labels()).containsOnly(Map.entry("team", "payments"));
    }

    @Test
    void configuredDefaultsAreWhatALaunchGetsWhenItLeavesAFieldOut() {
        Admission configured = admission(TestingConfig.of(DefaultsConfig.class,
                "fling.defaults.namespace", "jobs",
                "fling.defaults.parallelism", "2",
                "fling.defaults.task-manager-memory", "2g",
                "fling.defaults.ttl-seconds-after-finished", "60"),
                TestingConfig.of(PolicyConfig.class, "fling.policy.allowed-namespaces", "default,jobs"));

        JobDefinition job = ((Command.Launch) configured.admit(Requests.launch(Requests.launchData()))).definition();

        assertThat(job.ref().namespace()).isEqualTo("jobs");
        assertThat(job.parallelism()).isEqualTo(2);
        assertThat(job.taskManager().memory()).isEqualTo("2g");
        assertThat(job.policy().ttlAfterFinished()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aRescaleNamesItsJobAndTheParallelismAskedFor() {
        CloudEvent request = Requests.rescale("wordcount-" + LAUNCH_KEY, 3);

        Command command = admission.admit(request);

        assertThat(command).isEqualTo(new Command.Rescale(command.request(), "wordcount-" + LAUNCH_KEY, 3));
        assertThat(command.type()).isEqualTo(RequestType.RESCALE);
        assertThat(command.request().id()).isEqualTo(request.getId());
    }

    @Test
    void aCancelTakesASavepointOnlyWhenItAsksForOne() {
        Command withSavepoint = admission.admit(Requests.cancel("wordcount-" + LAUNCH_KEY, true));
        Command plain = admission.admit(Requests.request("dev.fling.job.cancel", Map.of("job", "wordcount-" + LAUNCH_KEY)));

        assertThat(withSavepoint).isEqualTo(new Command.Cancel(withSavepoint.request(), "wordcount-" + LAUNCH_KEY, true));
        assertThat(plain).isEqualTo(new Command.Cancel(plain.request(), "wordcount-" + LAUNCH_KEY, false));
    }

    @Test
    void aSavepointGoesWhereItAsksOrWhereTheJobKeepsThem() {
        Command toDefault = admission.admit(Requests.savepoint("wordcount-" + LAUNCH_KEY));
        Command elsewhere = admission.admit(Requests.request("dev.fling.job.savepoint",
                Map.of("job", "wordcount-" + LAUNCH_KEY, "targetDirectory", "s3://bucket/elsewhere")));

        assertThat(toDefault).isEqualTo(new Command.Savepoint(toDefault.request(), "wordcount-" + LAUNCH_KEY, null));
        assertThat(elsewhere).isEqualTo(
                new Command.Savepoint(elsewhere.request(), "wordcount-" + LAUNCH_KEY, "s3://bucket/elsewhere"));
    }

    @Test
    void anUnknownTypeIsRejectedNamingTheTypesFlingKnows() {
        Rejection rejection = rejectionOf(Requests.request("dev.fling.job.explode", Map.of("job", "x")));

        assertThat(rejection.reason()).isEqualTo(RejectionReason.UNKNOWN_TYPE);
        assertThat(rejection.message()).isEqualTo("type 'dev.fling.job.explode' is not a Fling request; expected one of "
                + "dev.fling.job.launch, dev.fling.job.rescale, dev.fling.job.cancel, dev.fling.job.savepoint");
        assertThat(rejection.errors()).isEmpty();
        assertThat(rejection.job()).isNull();
    }

    @Test
    void dataThatIsNotJsonIsRejectedForItsContentType() {
        CloudEvent request = CloudEventBuilder.v1(Requests.launch(Requests.launchData()))
                .withDataContentType("text/plain")
                .withData("launch please".getBytes(StandardCharsets.UTF_8))
                .build();

        Rejection rejection = rejectionOf(request);

        assertThat(rejection.reason()).isEqualTo(RejectionReason.UNSUPPORTED_CONTENT_TYPE);
        assertThat(rejection.message()).isEqualTo("data content type 'text/plain' is not JSON; send application/json");
    }

    @Test
    void jsonWithParametersOrAsASuffixIsJson() {
        for (String contentType : List.of("application/json; charset=utf-8", "Application/JSON",
                "application/vnd.example+json", "text/json")) {
            CloudEvent request = CloudEventBuilder.v1(Requests.launch(Requests.launchData()))
                    .withDataContentType(contentType).build();

            assertThat(admission.admit(request)).as(contentType).isInstanceOf(Command.Launch.class);
        }
    }

    @Test
    void dataSaidToBeJsonThatIsNotIsRejectedAsInvalid() {
        CloudEvent request = CloudEventBuilder.v1(Requests.launch(Requests.launchData()))
                .withData("application/json", "launch please".getBytes(StandardCharsets.UTF_8))
                .build();

        Rejection rejection = rejectionOf(request);

        assertThat(rejection.reason()).isEqualTo(RejectionReason.INVALID_DATA);
        assertThat(rejection.message()).isEqualTo("data is not valid JSON");
        assertThat(rejection.errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).as("the whole data").isEmpty();
            assertThat(error.message()).contains("Unrecognized token 'launch'");
        });
    }

    @Test
    void aRequestWithoutDataIsRejected() {
        CloudEvent request = CloudEventBuilder.v1(Requests.launch(Requests.launchData())).withoutData().build();

        Rejection rejection = rejectionOf(request);

        assertThat(rejection.reason()).isEqualTo(RejectionReason.INVALID_DATA);
        assertThat(rejection.message()).isEqualTo("the request has no data");
        assertThat(rejection.errors()).containsExactly(new FieldError("", "data is required"));
    }

    @Test
    void dataThatFailsItsSchemaIsRejectedFieldByField() {
        CloudEvent request = Requests.launch(Requests.launchData("parallelism", 0, "bogus", true,
                "taskManager", Map.of("memory", "lots")));

        Rejection rejection = rejectionOf(request);

        assertThat(rejection.reason()).isEqualTo(RejectionReason.INVALID_DATA);
        assertThat(rejection.message()).isEqualTo("data does not match dev.fling.job.launch.json");
        assertThat(rejection.errors()).extracting(FieldError::field)
                .containsExactly("/bogus", "/parallelism", "/taskManager/memory");
        assertThat(rejection.errors()).extracting(FieldError::message).satisfiesExactly(
                bogus -> assertThat(bogus).contains("bogus").contains("not defined in the schema"),
                parallelism -> assertThat(parallelism).contains("minimum value of 1"),
                memory -> assertThat(memory).contains("does not match the regex pattern"));
    }

    @Test
    void aLaunchWithoutAJarIsRejectedNamingTheJarField() {
        Rejection rejection = rejectionOf(Requests.launch(Map.of("name", "nojar")));

        assertThat(rejection.reason()).isEqualTo(RejectionReason.INVALID_DATA);
        assertThat(rejection.errors()).extracting(FieldError::field, FieldError::message).containsExactly(
                tuple("", "exactly one of jarURI, sql and sqlURI is required; this launch has none"),
                tuple("/jarURI", "required property 'jarURI' not found"),
                tuple("/sql", "required property 'sql' not found"),
                tuple("/sqlURI", "required property 'sqlURI' not found"));
    }

    @Test
    void aCommandThatFailsItsSchemaStillNamesItsJob() {
        Rejection rejection = rejectionOf(Requests.rescale("wordcount-" + LAUNCH_KEY, 0));

        assertThat(rejection.reason()).isEqualTo(RejectionReason.INVALID_DATA);
        assertThat(rejection.message()).isEqualTo("data does not match dev.fling.job.rescale.json");
        assertThat(rejection.job()).isEqualTo("wordcount-" + LAUNCH_KEY);
        assertThat(rejection.errors()).extracting(FieldError::field).containsExactly("/parallelism");
    }

    static Stream<Arguments> policyViolations() {
        return Stream.of(
                violation("namespace", "kube-system",
                        "/namespace", "namespace 'kube-system' is not allowed; allowed: default"),
                violation("image", "evil.example.com/miner:latest", "/image",
                        "image 'evil.example.com/miner:latest' does not start with an allowed prefix: flink:, apache/flink:"),
                violation("jarURI", "ftp://example.com/job.jar", "/jarURI",
                        "jar URI scheme 'ftp' is not allowed; allowed: local, http, https, s3, s3a, gs, abfss, file"),
                violation("parallelism", 65, "/parallelism", "parallelism 65 is above the limit of 64"),
                violation("jobManager", Map.of("cpu", 8.5), "/jobManager/cpu", "cpu 8.5 is above the limit of 8.0"),
                violation("taskManager", Map.of("cpu", 9), "/taskManager/cpu", "cpu 9.0 is above the limit of 8.0"),
                violation("jobManager", Map.of("memory", "17g"), "/jobManager/memory",
                        "memory 17g is above the limit of 16g"),
                violation("taskManager", Map.of("memory", "1Ti"), "/taskManager/memory",
                        "memory 1Ti is above the limit of 16g"),
                violation("flinkConfiguration", Map.of("kubernetes.pod-template-file.jobmanager", "/etc/passwd"),
                        "/flinkConfiguration/kubernetes.pod-template-file.jobmanager",
                        "Flink configuration key 'kubernetes.pod-template-file.jobmanager' may not be set by a request"
                                + " (matches 'kubernetes.')"),
                violation("flinkConfiguration", Map.of("env.java.opts.all", "-javaagent:/x.jar"),
                        "/flinkConfiguration/env.java.opts.all",
                        "Flink configuration key 'env.java.opts.all' may not be set by a request (matches 'env.')"),
                violation("flinkConfiguration", Map.of("High-Availability.type", "kubernetes"),
                        "/flinkConfiguration/High-Availability.type",
                        "Flink configuration key 'High-Availability.type' may not be set by a request"
                                + " (matches 'high-availability')"),
                violation("deadlineSeconds", 604801, "/deadlineSeconds",
                        "deadline of 604801 s is above the limit of 604800 s"),
                violation("labels", Map.of("app.kubernetes.io/managed-by", "me"), "/labels/app.kubernetes.io~1managed-by",
                        "label 'app.kubernetes.io/managed-by' is reserved for Fling"),
                violation("labels", Map.of("fling.dev/job", "someone-elses"), "/labels/fling.dev~1job",
                        "label 'fling.dev/job' is reserved for Fling"));
    }

    private static Arguments violation(String field, Object value, String pointer, String message) {
        return Arguments.of(field + " " + value, field, value, new FieldError(pointer, message));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policyViolations")
    void aLaunchOutsideItsPolicyIsRejectedNamingTheField(String name, String field, Object value, FieldError expected) {
        CloudEvent request = withId(LAUNCH_ID, Requests.launch(Requests.launchData("name", "greedy", field, value)));

        Rejection rejection = rejectionOf(request);

        assertThat(rejection.reason()).isEqualTo(RejectionReason.POLICY_VIOLATION);
        assertThat(rejection.message()).isEqualTo("the launch asks for what its policy does not allow");
        assertThat(rejection.errors()).containsExactly(expected);
        assertThat(rejection.job()).isEqualTo("greedy-" + LAUNCH_KEY);
    }

    @Test
    void aLaunchOutsideItsPolicyInManyWaysIsToldEveryOneAndNothingElse() {
        CloudEvent request = Requests.launch(Requests.launchData(
                "namespace", "kube-system",
                "image", "evil.example.com/miner:latest",
                "jarURI", "ftp://example.com/job.jar",
                "parallelism", 500,
                "jobManager", Map.of("cpu", 64, "memory", "1Ti"),
                "flinkConfiguration", Map.of(
                        "kubernetes.pod-template-file.jobmanager", "/etc/passwd",
                        "env.java.opts.all", "-javaagent:/x.jar",
                        "state.checkpoints.dir", "s3://ok/here"),
                "labels", Map.of("app.kubernetes.io/managed-by", "me", "team", "payments")));

        Rejection rejection = rejectionOf(request);

        assertThat(rejection.reason()).isEqualTo(RejectionReason.POLICY_VIOLATION);
        assertThat(rejection.errors()).extracting(FieldError::field).containsExactlyInAnyOrder(
                "/namespace", "/image", "/jarURI", "/parallelism", "/jobManager/cpu", "/jobManager/memory",
                "/flinkConfiguration/kubernetes.pod-template-file.jobmanager", "/flinkConfiguration/env.java.opts.all",
                "/labels/app.kubernetes.io~1managed-by");
    }

    @Test
    void anAbsolutePathCountsAsAFileJarAndIsAllowedAsOneIs() {
        Command launch = admission.admit(Requests.launch(Requests.launchData("jarURI", "/opt/flink/usrlib/job.jar")));

        assertThat(((Command.Launch) launch).definition().jarURI()).isEqualTo("/opt/flink/usrlib/job.jar");
    }

    @Test
    void aDefaultOutsideThePolicyIsRejectedToo() {
        Admission misconfigured = admission(
                TestingConfig.of(DefaultsConfig.class, "fling.defaults.image", "evil.example.com/miner:latest"),
                TestingConfig.of(PolicyConfig.class));

        Rejection rejection = rejectionOf(misconfigured, Requests.launch(Requests.launchData()));

        assertThat(rejection.reason()).isEqualTo(RejectionReason.POLICY_VIOLATION);
        assertThat(rejection.errors()).extracting(FieldError::field).containsExactly("/image");
    }

    @Test
    void theConfiguredPolicyIsTheOneApplied() {
        Admission strict = admission(TestingConfig.of(DefaultsConfig.class), TestingConfig.of(PolicyConfig.class,
                "fling.policy.max-parallelism", "4",
                "fling.policy.allowed-jar-schemes", "https",
                "fling.policy.max-memory", "2g"));

        Rejection rejection = rejectionOf(strict, Requests.launch(Requests.launchData(
                "parallelism", 5, "taskManager", Map.of("memory", "3g"))));

        assertThat(rejection.errors()).extracting(FieldError::field, FieldError::message).containsExactlyInAnyOrder(
                tuple("/jarURI", "jar URI scheme 'local' is not allowed; allowed: https"),
                tuple("/parallelism", "parallelism 5 is above the limit of 4"),
                tuple("/taskManager/memory", "memory 3g is above the limit of 2g"));
    }

    private Rejection rejectionOf(CloudEvent request) {
        return rejectionOf(admission, request);
    }

    static Rejection rejectionOf(Admission admission, CloudEvent request) {
        try {
            Command admitted = admission.admit(request);
            throw new AssertionError("expected a rejection, but the request was admitted as " + admitted);
        } catch (RequestRejectedException e) {
            return e.rejection();
        }
    }

    private static CloudEvent withId(String id, CloudEvent request) {
        return CloudEventBuilder.v1(request).withId(id).build();
    }

    private static Admission admission(DefaultsConfig defaults, PolicyConfig policy) {
        return new Admission(new DataSchemas(), new LaunchDefinitions(defaults, Clock.fixed(NOW, ZoneOffset.UTC)),
                new LaunchPolicy(policy), new ObjectMapper());
    }
}
