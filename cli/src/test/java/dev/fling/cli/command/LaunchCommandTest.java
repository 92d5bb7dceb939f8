package dev.fling.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.cli.CliRun;
import dev.fling.cli.TestingFling;
import dev.fling.cli.TestingFling.Received;
import dev.fling.cli.TestingFling.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LaunchCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JOB = "etl-0123456789";

    private TestingFling fling;

    @BeforeEach
    void start() throws Exception {
        fling = new TestingFling();
        fling.onPost(LaunchCommandTest::accepted);
    }

    @AfterEach
    void stop() {
        fling.close();
    }

    static Reply accepted(Received request) {
        String type = request.headers().get("ce-type").replace("dev.fling.job.", "");
        String id = "default/" + JOB + "/accepted" + (type.equals("launch") ? "" : "/" + request.headers().get("ce-id"));
        return new Reply(200, Map.of("ce-specversion", "1.0", "ce-id", id,
                "ce-source", "/fling", "ce-type", "dev.fling.job.accepted", "ce-subject", JOB,
                "ce-time", "2024-05-01T10:00:00Z", "ce-flingrequestid", request.headers().get("ce-id"),
                "Content-Type", "application/json"),
                "{\"job\":\"" + JOB + "\",\"namespace\":\"default\",\"request\":\"" + type
                        + "\",\"runtime\":\"local\"}");
    }

    private CliRun fling(String... args) {
        return CliRun.of(Map.of("FLING_URL", fling.url()), Duration.ofSeconds(60), args);
    }

    @Test
    void launchSendsOneBinaryCloudEventAskingForTheReplyAndPrintsTheAcceptedEvent() throws Exception {
        CliRun run = fling("launch", "--jar", "file:///jobs/etl.jar", "--class", "com.example.Etl",
                "--arg", "--day", "--arg", "2024-05-01", "--parallelism", "2", "--name", "etl", "--label", "team=data",
                "--restore", "file:///savepoints/sp-1", "--deadline", "30m", "--correlation", "order-42",
                "--id", "nightly-1", "--token", "s3cret");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(fling.posts()).hasSize(1);
        Received post = fling.posts().get(0);
        assertThat(post.headers()).containsEntry("ce-specversion", "1.0").containsEntry("ce-id", "nightly-1")
                .containsEntry("ce-source", "/fling-cli").containsEntry("ce-type", "dev.fling.job.launch")
                .containsEntry("ce-correlationid", "order-42").containsEntry("prefer", "reply")
                .containsEntry("content-type", "application/json").containsEntry("authorization", "Bearer s3cret");
        assertThat(JSON.readTree(post.body())).isEqualTo(JSON.readTree("""
                {"name":"etl","jarURI":"file:///jobs/etl.jar","entryClass":"com.example.Etl",
                 "args":["--day","2024-05-01"],"parallelism":2,"restoreFrom":{"savepointPath":"file:///savepoints/sp-1"},
                 "deadlineSeconds":1800,"labels":{"team":"data"}}"""));
        assertThat(run.out()).isEqualTo("10:00:00  accepted             " + JOB
                + " namespace=default request=launch runtime=local\n");
    }

    @Test
    void jsonOutputPrintsTheAcceptedEventAsAStructuredCloudEvent() throws Exception {
        CliRun run = fling("launch", "--jar", "file:///jobs/etl.jar", "--id", "x", "-o", "json");

        JsonNode event = JSON.readTree(run.out());
        assertThat(event.path("type").asText()).isEqualTo("dev.fling.job.accepted");
        assertThat(event.path("subject").asText()).isEqualTo(JOB);
        assertThat(event.path("flingrequestid").asText()).isEqualTo("x");
        assertThat(event.path("data").path("runtime").asText()).isEqualTo("local");
    }

    @Test
    void unknownFlagIsAUsageErrorAndNothingIsSent() {
        CliRun run = fling("launch", "--jar", "file:///jobs/etl.jar", "--paralelism", "2");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown options: '--paralelism'").contains("Possible solutions: --parallelism");
        assertThat(fling.received()).isEmpty();
    }

    @Test
    void launchWithoutAJarIsAUsageError() {
        CliRun run = fling("launch", "--class", "com.example.Etl");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--jar (or --data FILE) is required");
        assertThat(fling.received()).isEmpty();
    }

    @Test
    void dataFileThatIsNotJsonIsAUsageErrorAndNothingIsSent(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("launch.json"), "{\"jarURI\": ");

        CliRun run = fling("launch", "--data", file.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("launch.json is not JSON");
        assertThat(fling.received()).isEmpty();
    }

    @Test
    void dataFileThatDoesNotMatchTheLaunchSchemaNamesEachFieldAndNothingIsSent(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("launch.json"), "{\"entryClass\":\"x\",\"parallelism\":0,\"colour\":1}");

        CliRun run = fling("launch", "--data", file.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("does not match dev.fling.job.launch").contains("/jarURI:")
                .contains("/parallelism:").contains("/colour:");
        assertThat(fling.received()).isEmpty();
    }

    @Test
    void dataFileIsSentAsItIsAndCannotBeMixedWithTheFlags(@TempDir Path dir) throws Exception {
        String data = "{\"jarURI\":\"file:///jobs/etl.jar\",\"retry\":{\"maxAttempts\":2},\"ttlSecondsAfterFinished\":60}";
        Path file = Files.writeString(dir.resolve("launch.json"), data);

        CliRun mixed = fling("launch", "--data", file.toString(), "--parallelism", "2");
        assertThat(mixed.exitCode()).isEqualTo(2);
        assertThat(mixed.err()).contains("leave out --parallelism");
        assertThat(fling.received()).isEmpty();

        CliRun run = fling("launch", "--data", file.toString(), "--id", "x");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(JSON.readTree(fling.posts().get(0).body())).isEqualTo(JSON.readTree(data));
    }

    @Test
    void rejectedLaunchPrintsTheReasonsFieldByFieldAndExitsWithTheRejectedCode() {
        fling.onPost(request -> new Reply(400, Map.of("ce-specversion", "1.0", "ce-id", "rejected/0123456789",
                "ce-source", "/fling", "ce-type", "dev.fling.job.rejected", "ce-time", "2024-05-01T10:00:00Z",
                "Content-Type", "application/json"), """
                {"job":"etl-0123456789","reason":"POLICY_VIOLATION","message":"the request breaks the policy",
                 "requestType":"dev.fling.job.launch","errors":[{"field":"/parallelism","message":"must be at most 64"},
                 {"field":"/labels/fling.dev~1x","message":"label is reserved"}]}"""));

        CliRun run = fling("launch", "--jar", "file:///jobs/etl.jar", "--parallelism", "100", "--id", "x");

        assertThat(run.exitCode()).isEqualTo(13);
        assertThat(run.out()).contains("rejected").contains("reason=POLICY_VIOLATION")
                .contains("\n    /parallelism: must be at most 64").contains("\n    /labels/fling.dev~1x: label is reserved");
        assertThat(run.err()).contains("Fling rejected the launch (POLICY_VIOLATION): the request breaks the policy");
    }

    @ParameterizedTest
    @CsvSource({"401,,Fling asks for a token (401)", "401,wrong,Fling did not accept the token (401)",
        "403,s3cret,not allowed to call Fling (403)"})
    void refusedCredentialsExitWithTheirOwnCode(int status, String token, String message) {
        fling.onPost(request -> new Reply(status, Map.of("WWW-Authenticate", "Bearer"), ""));
        List<String> args = new java.util.ArrayList<>(List.of("launch", "--jar", "file:///jobs/etl.jar", "--id", "x"));
        if (token != null) {
            args.addAll(List.of("--token", token));
        }

        CliRun run = fling(args.toArray(String[]::new));

        assertThat(run.exitCode()).isEqualTo(16);
        assertThat(run.err()).contains(message);
        assertThat(fling.posts()).hasSize(1);
    }

    @Test
    void withoutAnIdOrAnEngineRunTheRandomIdIsPrintedSoTheStepCanBeRetriedWithIt() {
        CliRun run = fling("launch", "--jar", "file:///jobs/etl.jar");

        String id = fling.posts().get(0).headers().get("ce-id");
        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(run.err()).contains("request id " + id).contains("--id " + id);
    }

    @Test
    void underAirflowTheIdComesFromTheTaskRunSoARetriedTaskSendsTheSameId() {
        Map<String, String> airflow = Map.of("FLING_URL", fling.url(), "AIRFLOW_CTX_DAG_ID", "nightly",
                "AIRFLOW_CTX_DAG_RUN_ID", "scheduled__2024-05-01T00:00:00+00:00", "AIRFLOW_CTX_TASK_ID", "etl",
                "AIRFLOW_CTX_TRY_NUMBER", "1");
        Map<String, String> retried = new java.util.HashMap<>(airflow);
        retried.put("AIRFLOW_CTX_TRY_NUMBER", "2");

        CliRun.of(airflow, "launch", "--jar", "file:///jobs/etl.jar");
        CliRun second = CliRun.of(retried, "launch", "--jar", "file:///jobs/etl.jar");
        CliRun.of(airflow, "launch", "--jar", "file:///jobs/other.jar");

        List<String> ids = fling.posts().stream().map(p -> p.headers().get("ce-id")).toList();
        assertThat(ids.get(0)).startsWith("airflow/nightly/scheduled__2024-05-01T00:00:00+00:00/etl/launch/")
                .isEqualTo(ids.get(1)).isNotEqualTo(ids.get(2));
        assertThat(second.err()).doesNotContain("request id");
    }

    @Test
    void underArgoWithoutAnIdAWarningSaysARetryWouldLaunchASecondJob() {
        CliRun run = CliRun.of(Map.of("FLING_URL", fling.url(), "ARGO_NODE_ID", "wf-123"), "launch", "--jar",
                "file:///jobs/etl.jar");

        assertThat(run.err()).contains("Argo Workflows").contains("--id '{{workflow.uid}}-<step>'");
    }
}
