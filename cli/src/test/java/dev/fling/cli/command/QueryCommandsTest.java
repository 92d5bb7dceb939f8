package dev.fling.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fling.cli.CliRun;
import dev.fling.cli.TestingFling;
import dev.fling.cli.TestingFling.Reply;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QueryCommandsTest {

    private static final String JOB = """
            {"name":"etl-0123456789","namespace":"default","state":"failed","requestId":"x","labels":{"team":"data"},
             "attempt":1,"parallelism":2,"acceptedAt":"2024-05-01T10:00:00Z","lastError":"boom\\n\\tat X",
             "events":[{"type":"dev.fling.job.accepted","id":"a","time":"2024-05-01T10:00:00Z"}]}""";

    private TestingFling fling;

    @BeforeEach
    void start() throws Exception {
        fling = new TestingFling();
        fling.onGet(path -> switch (path) {
            case "/jobs/etl-0123456789" -> new Reply(200, Map.of(), JOB);
            case "/jobs?state=running&state=failed&label=team%3Ddata&source=%2Fmy%2Fapp" -> new Reply(200, Map.of(),
                    "[" + JOB + "]");
            default -> new Reply(404, Map.of(), "");
        });
    }

    @AfterEach
    void stop() {
        fling.close();
    }

    private CliRun fling(String... args) {
        return CliRun.of(Map.of("FLING_URL", fling.url()), args);
    }

    @Test
    void statusPrintsTheJobFieldByField() {
        CliRun run = fling("status", "etl-0123456789");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("state: failed\n").contains("labels: team=data\n")
                .contains("lastError:\n  boom\n  \tat X\n").contains("events:\n  10:00:00  accepted\n");
    }

    @Test
    void statusOfAnUnknownJobExitsWithNoSuchJob() {
        CliRun run = fling("status", "nope-0123456789");

        assertThat(run.exitCode()).isEqualTo(17);
    }

    @Test
    void jobsPassesItsFiltersToTheQueryApiAndPrintsATable() {
        CliRun run = fling("jobs", "--state", "running,failed", "--label", "team=data", "--source", "/my/app");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines().toList()).hasSize(2);
        assertThat(run.out().lines().skip(1).findFirst().orElseThrow()).startsWith("etl-0123456789").contains("failed")
                .endsWith("10:00:00  team=data");
    }

    @Test
    void jsonOutputPrintsWhatFlingAnswered() {
        CliRun run = fling("status", "etl-0123456789", "--output", "JSON");

        assertThat(run.out()).contains("\"state\" : \"failed\"");
    }
}
