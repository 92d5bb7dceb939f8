package dev.fling.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.events.DataSchemas;
import dev.fling.events.payload.FieldError;
import dev.fling.events.payload.RejectionReason;
import dev.fling.runtime.JobDefinition;
import dev.fling.testing.Requests;
import dev.fling.testing.TestingConfig;
import io.cloudevents.CloudEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SQL launches through admission: what is admitted, and each way a script is refused, with its reason and field. */
class SqlAdmissionTest {

    private static final Admission ADMISSION = admission(TestingConfig.of(PolicyConfig.class));

    @Test
    void aSqlLaunchIsAdmittedWithItsScriptAndNoJar() {
        JobDefinition job = ((Command.Launch) ADMISSION.admit(
                Requests.launch(Requests.sqlLaunchData(Requests.BOUNDED_SQL, "parallelism", 2)))).definition();

        assertThat(job.sql()).isEqualTo(new JobDefinition.SqlScript(Requests.BOUNDED_SQL, null));
        assertThat(job.jarURI()).isNull();
        assertThat(job.entryClass()).isNull();
        assertThat(job.parallelism()).isEqualTo(2);
    }

    @Test
    void aSqlUriLaunchIsAdmittedWithoutReadingTheScript() {
        JobDefinition job = ((Command.Launch) ADMISSION.admit(Requests.launch(
                java.util.Map.of("sqlURI", "https://example.com/orders.sql")))).definition();

        assertThat(job.sql()).isEqualTo(new JobDefinition.SqlScript(null, "https://example.com/orders.sql"));
        assertThat(job.jarURI()).isNull();
    }

    @Test
    void aJarAndAScriptTogetherAreRejected() {
        Rejection rejection = rejectionOf(Requests.launch(Requests.sqlLaunchData(Requests.BOUNDED_SQL,
                "jarURI", "local:///opt/flink/usrlib/job.jar")));

        assertThat(rejection.reason()).isEqualTo(RejectionReason.INVALID_DATA);
        assertThat(rejection.errors()).extracting(FieldError::message)
                .containsExactly("exactly one of jarURI, sql and sqlURI is required; this launch has jarURI, sql");
    }

    @Test
    void anEntryClassOrArgumentsNextToAScriptAreRejected() {
        Rejection rejection = rejectionOf(Requests.launch(Requests.sqlLaunchData(Requests.BOUNDED_SQL,
                "entryClass", "dev.fling.examples.BoundedWordCount", "args", List.of("--x"))));

        assertThat(rejection.reason()).isEqualTo(RejectionReason.INVALID_DATA);
        assertThat(rejection.job()).startsWith("orders-");
        assertThat(rejection.errors()).extracting(FieldError::field).containsExactly("/entryClass", "/args");
    }

    @Test
    void aScriptWithASyntaxErrorIsRejectedWithLineAndColumn() {
        Rejection rejection = rejectionOf(Requests.launch(Requests.sqlLaunchData(
                "CREATE TABLE t (x INT) WITH ('connector' = 'datagen');\nINSERT INTO t SELEC x FROM t;")));

        assertThat(rejection.reason()).isEqualTo(RejectionReason.INVALID_DATA);
        assertThat(rejection.errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("/sql");
            assertThat(error.message()).startsWith("line 2, column ").contains("syntax error");
        });
    }

    @Test
    void aScriptOverTheSizeLimitIsRejectedBeforeItIsParsed() {
        String huge = "-- " + "x".repeat(65_536) + "\n" + Requests.BOUNDED_SQL;

        Rejection rejection = rejectionOf(Requests.launch(Requests.sqlLaunchData(huge)));

        assertThat(rejection.reason()).isEqualTo(RejectionReason.INVALID_DATA);
        assertThat(rejection.errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("/sql");
            assertThat(error.message()).matches("must be at most 65.?536 characters long");
        });
    }

    @Test
    void aForbiddenConnectorIsAPolicyViolationOnTheScript() {
        Rejection rejection = rejectionOf(Requests.launch(Requests.sqlLaunchData("""
                CREATE TABLE src (x INT) WITH ('connector' = 'datagen');
                CREATE TABLE db (x INT) WITH ('connector' = 'jdbc', 'url' = 'jdbc:postgresql://elsewhere/db');
                INSERT INTO db SELECT x FROM src;
                """)));

        assertThat(rejection.reason()).isEqualTo(RejectionReason.POLICY_VIOLATION);
        assertThat(rejection.errors()).extracting(FieldError::field, FieldError::message).containsExactly(tuple("/sql",
                "line 2, column 1: connector 'jdbc' of CREATE TABLE db is not allowed; allowed: datagen, print, "
                        + "blackhole, filesystem, kafka, upsert-kafka"));
    }

    @Test
    void aForbiddenSetKeyIsAPolicyViolationLikeInFlinkConfiguration() {
        Rejection rejection = rejectionOf(Requests.launch(Requests.sqlLaunchData(
                "SET 'kubernetes.service-account' = 'admin';\n" + Requests.BOUNDED_SQL)));

        assertThat(rejection.reason()).isEqualTo(RejectionReason.POLICY_VIOLATION);
        assertThat(rejection.errors()).extracting(FieldError::field, FieldError::message).containsExactly(tuple("/sql",
                "line 1, column 1: SET 'kubernetes.service-account' may not be set by a request "
                        + "(matches 'kubernetes.')"));
    }

    @Test
    void aTenantsOwnConnectorListReplacesTheDefault() {
        Admission onlyDatagenAndPrint = admission(TestingConfig.of(PolicyConfig.class,
                "fling.policy.allowed-connectors", "datagen,print"));
        String toKafka = """
                CREATE TABLE src (x INT) WITH ('connector' = 'datagen');
                CREATE TABLE sink (x INT) WITH ('connector' = 'kafka', 'topic' = 't');
                INSERT INTO sink SELECT x FROM src;
                """;

        Rejection rejection = rejectionOf(onlyDatagenAndPrint, Requests.launch(Requests.sqlLaunchData(toKafka)));

        assertThat(rejection.errors()).extracting(FieldError::message).singleElement().asString()
                .contains("connector 'kafka' of CREATE TABLE sink is not allowed; allowed: datagen, print");
    }

    @Test
    void aSqlUriWithAForbiddenSchemeIsAPolicyViolation() {
        java.util.Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("sqlURI", "ftp://example.com/orders.sql");

        Rejection rejection = rejectionOf(Requests.launch(data));

        assertThat(rejection.reason()).isEqualTo(RejectionReason.POLICY_VIOLATION);
        assertThat(rejection.errors()).extracting(FieldError::field).containsExactly("/sqlURI");
    }

    @Test
    void aSqlUriOnACloudMetadataAddressIsRefusedLikeAJarUri() {
        java.util.Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("sqlURI", "http://169.254.169.254/latest/meta-data/orders.sql");

        Rejection rejection = rejectionOf(Requests.launch(data));

        assertThat(rejection.reason()).isEqualTo(RejectionReason.POLICY_VIOLATION);
        assertThat(rejection.errors()).extracting(FieldError::field).containsExactly("/sqlURI");
        assertThat(rejection.errors().get(0).message()).startsWith("host '169.254.169.254' is a cloud metadata address");
    }

    @Test
    void aSqlUriWithAParentSegmentIsToldAsTheScriptsUri() {
        java.util.Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("sqlURI", "https://example.com/scripts/../orders.sql");

        Rejection rejection = rejectionOf(Requests.launch(data));

        assertThat(rejection.errors()).extracting(FieldError::field, FieldError::message).contains(tuple("/sqlURI",
                "SQL script URI 'https://example.com/scripts/../orders.sql' has a '..' segment; "
                        + "name the script by its own path"));
    }

    private static Rejection rejectionOf(CloudEvent request) {
        return rejectionOf(ADMISSION, request);
    }

    private static Rejection rejectionOf(Admission admission, CloudEvent request) {
        return AdmissionTest.rejectionOf(admission, request);
    }

    private static Admission admission(PolicyConfig policy) {
        return new Admission(new DataSchemas(), new LaunchDefinitions(TestingConfig.of(DefaultsConfig.class),
                Clock.fixed(Instant.parse("2026-12-03T06:00:00Z"), ZoneOffset.UTC)), new LaunchPolicy(policy),
                new ObjectMapper());
    }
}
