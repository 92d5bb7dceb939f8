package dev.fling.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fling.testing.EventLog;
import dev.fling.testing.Requests;
import io.cloudevents.CloudEvent;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way a SQL launch is refused, end to end: a {@code rejected} event naming {@code /sql} (or
 * the field at fault) with the reason, the request on the dead-letter topic, and nothing created.
 */
@QuarkusTest
class SqlRejectionIT extends WithRejections {

    private static final String SOURCE = "CREATE TABLE src (x INT) WITH ('connector' = 'datagen');\n";

    static Stream<Arguments> badScripts() {
        return Stream.of(
                Arguments.of("syntax", Requests.sqlLaunchData(SOURCE + "INSERT INTO src SELEC 1;"),
                        "INVALID_DATA", "/sql", "line 2, column 17: syntax error"),
                Arguments.of("no insert", Requests.sqlLaunchData(SOURCE),
                        "INVALID_DATA", "/sql", "no INSERT INTO statement"),
                Arguments.of("select nowhere", Requests.sqlLaunchData(SOURCE + "SELECT x FROM src;\nINSERT INTO src SELECT 1;"),
                        "INVALID_DATA", "/sql", "line 2, column 1: a query on its own sends its rows nowhere"),
                Arguments.of("forbidden connector", Requests.sqlLaunchData(SOURCE
                        + "CREATE TABLE db (x INT) WITH ('connector' = 'jdbc');\nINSERT INTO db SELECT x FROM src;"),
                        "POLICY_VIOLATION", "/sql", "line 2, column 1: connector 'jdbc' of CREATE TABLE db is not allowed"),
                Arguments.of("file outside the job", Requests.sqlLaunchData(SOURCE + "CREATE TABLE f (x INT) WITH "
                        + "('connector' = 'filesystem', 'path' = '/etc', 'format' = 'csv');\nINSERT INTO f SELECT x FROM src;"),
                        "POLICY_VIOLATION", "/sql", "must be a relative path inside the job's directory"),
                Arguments.of("forbidden SET", Requests.sqlLaunchData("SET 'env.java.opts.all' = '-Dx';\n" + SOURCE
                        + "INSERT INTO src SELECT 1;"),
                        "POLICY_VIOLATION", "/sql", "line 1, column 1: SET 'env.java.opts.all' may not be set"),
                Arguments.of("jar and script", Requests.sqlLaunchData(Requests.BOUNDED_SQL, "jarURI", "local:///x.jar"),
                        "INVALID_DATA", "", "exactly one of jarURI, sql and sqlURI is required; this launch has jarURI, sql"),
                Arguments.of("too long", Requests.sqlLaunchData("-- " + "x".repeat(65_536) + "\n" + Requests.BOUNDED_SQL),
                        "INVALID_DATA", "/sql", "must be at most 65"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badScripts")
    void aBadScriptIsRejectedDeadLetteredAndCreatesNothing(String name, Map<String, Object> data, String reason,
            String field, String message) {
        CloudEvent launch = Requests.launch(data);
        requests.sendBinary(launch);

        JsonNode rejection = EventLog.data(rejectionOf(launch));
        ConsumerRecord<byte[], byte[]> dead = deadLetterOf(launch);

        assertThat(rejection.path("reason").asText()).isEqualTo(reason);
        assertThat(rejection.path("errors")).anySatisfy(error -> {
            assertThat(error.path("field").asText()).isEqualTo(field);
            assertThat(error.path("message").asText()).contains(message);
        });
        assertThat(header(dead, "fling-dlq-reason")).isEqualTo(reason);
        assertThat(deployments()).doesNotContain(Requests.jobName(launch, "orders"));
    }
}
