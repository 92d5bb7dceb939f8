package dev.fling.cli.request;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunIdentityTest {

    @Test
    void airflowNamesTheDagRunAndTaskButNotTheTry() {
        assertThat(RunIdentity.of(Map.of("AIRFLOW_CTX_DAG_ID", "nightly", "AIRFLOW_CTX_DAG_RUN_ID", "manual__1",
                "AIRFLOW_CTX_TASK_ID", "etl", "AIRFLOW_CTX_TRY_NUMBER", "3")))
                .contains("airflow/nightly/manual__1/etl");
    }

    @Test
    void gitHubActionsNamesTheRunJobAndStepButNotTheAttempt() {
        assertThat(RunIdentity.of(Map.of("GITHUB_ACTIONS", "true", "GITHUB_REPOSITORY", "acme/etl",
                "GITHUB_RUN_ID", "9876", "GITHUB_RUN_ATTEMPT", "2", "GITHUB_JOB", "nightly", "GITHUB_ACTION", "launch")))
                .contains("github/acme/etl/9876/nightly/launch");
    }

    @Test
    void gitLabNamesThePipelineAndJobNameButNotTheJobId() {
        assertThat(RunIdentity.of(Map.of("GITLAB_CI", "true", "CI_PROJECT_ID", "42", "CI_PIPELINE_ID", "1001",
                "CI_JOB_NAME", "flink: [eu]", "CI_JOB_ID", "555")))
                .contains("gitlab/42/1001/flink: [eu]");
    }

    @Test
    void partialOrUnknownEnvironmentsNameNothing() {
        assertThat(RunIdentity.of(Map.of("AIRFLOW_CTX_DAG_ID", "nightly", "AIRFLOW_CTX_TASK_ID", "etl"))).isEmpty();
        assertThat(RunIdentity.of(Map.of("GITHUB_RUN_ID", "9876"))).isEmpty();
        assertThat(RunIdentity.of(Map.of("ARGO_NODE_ID", "wf-1234"))).isEmpty();
        assertThat(RunIdentity.unidentifiedEngine(Map.of("ARGO_NODE_ID", "wf-1234"))).isPresent();
        assertThat(RunIdentity.unidentifiedEngine(Map.of("HOME", "/root"))).isEmpty();
    }

    @Test
    void theDerivedIdIsTheRunTheTypeAndADigestOfTheData() {
        ObjectMapper json = new ObjectMapper();
        var data = json.createObjectNode().put("jarURI", "file:///a.jar");
        var other = json.createObjectNode().put("jarURI", "file:///b.jar");
        Optional<String> run = Optional.of("airflow/nightly/manual__1/etl");

        assertThat(RequestIds.derived(run, "launch", data)).get().asString()
                .matches("airflow/nightly/manual__1/etl/launch/[0-9a-f]{8}");
        assertThat(RequestIds.derived(run, "launch", data)).isEqualTo(RequestIds.derived(run, "launch", data.deepCopy()));
        assertThat(RequestIds.derived(run, "launch", data)).isNotEqualTo(RequestIds.derived(run, "launch", other));
        assertThat(RequestIds.derived(Optional.empty(), "launch", data)).isEmpty();
    }
}
