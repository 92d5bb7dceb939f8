package dev.fling.cli.request;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Who is running this step, as the engine that runs it says in the environment, in a form that
 * stays the same when the engine retries the step: Airflow's DAG, run and task ids (BashOperator
 * and KubernetesPodOperator set {@code AIRFLOW_CTX_*}), GitHub Actions' run, job and step (a re-run
 * keeps {@code GITHUB_RUN_ID}), GitLab's pipeline and job name (a retried job keeps its pipeline,
 * not its {@code CI_JOB_ID}). Argo Workflows and Tekton set nothing of the kind that survives a
 * retry ({@code ARGO_NODE_ID} changes with each attempt): their steps pass {@code --id}.
 */
public final class RunIdentity {

    private RunIdentity() {}

    /** The step's identity, or empty when no engine we know of says who runs us. */
    public static Optional<String> of(Map<String, String> env) {
        return all(env, "AIRFLOW_CTX_DAG_ID", "AIRFLOW_CTX_DAG_RUN_ID", "AIRFLOW_CTX_TASK_ID")
                .map(parts -> "airflow/" + String.join("/", parts))
                .or(() -> "true".equals(env.get("GITHUB_ACTIONS"))
                        ? all(env, "GITHUB_REPOSITORY", "GITHUB_RUN_ID", "GITHUB_JOB", "GITHUB_ACTION")
                                .map(parts -> "github/" + String.join("/", parts))
                        : Optional.empty())
                .or(() -> "true".equals(env.get("GITLAB_CI"))
                        ? all(env, "CI_PROJECT_ID", "CI_PIPELINE_ID", "CI_JOB_NAME")
                                .map(parts -> "gitlab/" + String.join("/", parts))
                        : Optional.empty());
    }

    /** Whether we run in an engine's step that can be retried but gives no identity for it. */
    public static Optional<String> unidentifiedEngine(Map<String, String> env) {
        if (env.containsKey("ARGO_NODE_ID") || env.containsKey("ARGO_WORKFLOW_NAME")) {
            return Optional.of("Argo Workflows (pass e.g. --id '{{workflow.uid}}-<step>')");
        }
        if (env.keySet().stream().anyMatch(name -> name.startsWith("TEKTON_"))) {
            return Optional.of("Tekton (pass e.g. --id '$(context.pipelineRun.uid)-<task>')");
        }
        return Optional.empty();
    }

    private static Optional<List<String>> all(Map<String, String> env, String... names) {
        List<String> values = Stream.of(names).map(env::get).filter(value -> value != null && !value.isBlank())
                .toList();
        return values.size() == names.length ? Optional.of(values) : Optional.empty();
    }
}
