package dev.fling.runtime.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.events.RequestContext;
import dev.fling.runtime.JobDefinition;
import dev.fling.runtime.JobDefinition.ProcessResources;
import dev.fling.runtime.JobDefinition.Restore;
import dev.fling.runtime.JobPolicy;
import dev.fling.runtime.JobRef;
import dev.fling.runtime.QueueTicket;
import dev.fling.runtime.TrackingState;
import dev.fling.runtime.operator.OperatorConfig.DeploymentMode;
import dev.fling.runtime.operator.OperatorConfig.UpgradeMode;
import dev.fling.runtime.operator.model.FlinkDeployment;
import dev.fling.runtime.operator.model.FlinkDeploymentSpec;
import dev.fling.testing.CrdSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FlinkDeploymentsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules();
    private static final Instant ACCEPTED_AT = Instant.parse("2025-01-02T03:04:05Z");
    private static final Instant DEADLINE = Instant.parse("2025-01-02T04:04:05Z");
    private static final String SAVEPOINTS = "s3://fling-savepoints/jobs";

    private final FlinkDeployments withSavepointDirectory =
            new FlinkDeployments(operatorConfig(UpgradeMode.SAVEPOINT, SAVEPOINTS), MAPPER);
    private final FlinkDeployments withoutSavepointDirectory =
            new FlinkDeployments(operatorConfig(UpgradeMode.STATELESS, null), MAPPER);

    @Test
    void aJobWaitingInTheQueueIsCreatedSuspendedWithItsTicket() throws Exception {
        QueueTicket ticket = new QueueTicket("team-a", 3, 3, 5L << 30, QueueTicket.Standing.WAITING);
        FlinkDeployment deployment = withSavepointDirectory.desired(job(Map.of(), null, null, List.of("a"))
                .withQueue(ticket));

        assertThat(deployment.getSpec().job.state).isEqualTo("suspended");
        assertThat(MAPPER.readValue(deployment.getMetadata().getAnnotations().get("fling.dev/queue"), QueueTicket.class))
                .isEqualTo(ticket);
    }

    @Test
    void aJobLetInAtOnceIsCreatedRunning() {
        FlinkDeployment deployment = withSavepointDirectory.desired(job(Map.of(), null, null, List.of("a"))
                .withQueue(new QueueTicket("team-a", 0, 3, 0, QueueTicket.Standing.ADMITTED)));
        assertThat(deployment.getSpec().job.state).isEqualTo("running");
    }

    @Test
    void aSqlJobRunsTheSqlRunnerWithItsScriptAsABase64Argument() {
        String script = "SET 'pipeline.name' = 'it''s; mine';\nINSERT INTO t SELECT 1;";
        FlinkDeployment deployment = withSavepointDirectory.desired(job(Map.of(), null, null, List.of())
                .withSql(new JobDefinition.SqlScript(script, null)));

        assertThat(deployment.getSpec().job.jarURI).isEqualTo("local:///opt/flink/usrlib/fling-sql-runner.jar");
        assertThat(deployment.getSpec().job.entryClass).isEqualTo("dev.fling.sql.SqlRunner");
        assertThat(deployment.getSpec().job.args).containsExactly("--script-base64",
                java.util.Base64.getEncoder().encodeToString(script.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void aSqlJobFromAUriHandsTheUriToTheRunner() {
        FlinkDeployment deployment = withSavepointDirectory.desired(job(Map.of(), null, null, List.of())
                .withSql(new JobDefinition.SqlScript(null, "s3://bucket/orders.sql")));

        assertThat(deployment.getSpec().job.args).containsExactly("--uri", "s3://bucket/orders.sql");
    }

    @Test
    void namesTheDeploymentAfterTheJobInItsNamespace() {
        FlinkDeployment deployment = withSavepointDirectory.desired(job(Map.of(), null, null, List.of("a")));

        assertThat(deployment.getMetadata().getName()).isEqualTo("nightly-0123456789");
        assertThat(deployment.getMetadata().getNamespace()).isEqualTo("analytics");
        assertThat(deployment.getApiVersion()).isEqualTo("flink.apache.org/v1beta1");
        assertThat(deployment.getKind()).isEqualTo("FlinkDeployment");
    }

    @Test
    void labelsTheDeploymentAsFlingsWithTheJobNameAndTheUsersLabels() {
        FlinkDeployment deployment = withSavepointDirectory.desired(job(Map.of(), null, null, List.of("a")));

        assertThat(deployment.getMetadata().getLabels()).containsOnly(
                entry("app.kubernetes.io/managed-by", "fling"),
                entry("fling.dev/job", "nightly-0123456789"),
                entry("team", "data"),
                entry("cost-center", "42"));
    }

    @Test
    void usersLabelsCannotOverrideFlingsOwnLabels() {
        JobDefinition job = job(Map.of(), null, null, List.of(),
                Map.of("app.kubernetes.io/managed-by", "someone-else", "fling.dev/job", "other"));

        FlinkDeployment deployment = withSavepointDirectory.desired(job);

        assertThat(deployment.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/managed-by", "fling")
                .containsEntry("fling.dev/job", "nightly-0123456789");
    }

    @Test
    void annotatesTheRequestEnvelopeAndTheTimingPolicy() throws Exception {
        JobDefinition job = job(Map.of(), null, DEADLINE, List.of());
        FlinkDeployment deployment = withSavepointDirectory.desired(job);
        Map<String, String> annotations = deployment.getMetadata().getAnnotations();

        assertThat(annotations)
                .containsEntry("fling.dev/request-id", "req-1")
                .containsEntry("fling.dev/request-source", "/batch/scheduler")
                .containsEntry("fling.dev/accepted-at", "2025-01-02T03:04:05Z")
                .containsEntry("fling.dev/deadline", "2025-01-02T04:04:05Z")
                .containsEntry("fling.dev/deadline-seconds", "3600")
                .containsEntry("fling.dev/ttl-seconds-after-finished", "600")
                .containsEntry("fling.dev/retry-max-attempts", "3")
                .containsEntry("fling.dev/retry-backoff-seconds", "30");

        JsonNode request = MAPPER.readTree(annotations.get("fling.dev/request"));
        assertThat(request.path("id").asText()).isEqualTo("req-1");
        assertThat(request.path("source").asText()).isEqualTo("/batch/scheduler");
        assertThat(request.path("type").asText()).isEqualTo("dev.fling.job.launch.requested");
        assertThat(request.path("extensions").path("traceparent").asText())
                .isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(request.path("extensions").path("priority").asInt()).isEqualTo(5);

        // No tracking annotation until the first transition: read back, the job is where it starts.
        assertThat(annotations).doesNotContainKey("fling.dev/tracking");
        TrackingState tracking = new JobRecordReader(MAPPER).read(deployment).tracking();
        assertThat(tracking).isEqualTo(TrackingState.initial(job));
        assertThat(tracking.parallelism()).isEqualTo(3);
    }

    @Test
    void requestAnnotationReadsBackAsTheRequestContext() throws Exception {
        JobDefinition job = job(Map.of(), null, null, List.of());
        FlinkDeployment deployment = withSavepointDirectory.desired(job);

        RequestContext read = MAPPER.readValue(
                deployment.getMetadata().getAnnotations().get("fling.dev/request"), RequestContext.class);

        assertThat(read).isEqualTo(job.request());
    }

    @Test
    void noDeadlineAnnotationsWithoutADeadline() {
        FlinkDeployment deployment = withSavepointDirectory.desired(job(Map.of(), null, null, List.of()));

        assertThat(deployment.getMetadata().getAnnotations())
                .doesNotContainKeys("fling.dev/deadline", "fling.dev/deadline-seconds")
                .containsEntry("fling.dev/ttl-seconds-after-finished", "600");
    }

    @Test
    void specCarriesTheImageVersionAccountModeAndResources() {
        FlinkDeploymentSpec spec = withSavepointDirectory.desired(job(Map.of(), null, null, List.of())).getSpec();

        assertThat(spec.image).isEqualTo("flink:1.20.1");
        assertThat(spec.flinkVersion).isEqualTo("v1_20");
        assertThat(spec.serviceAccount).isEqualTo("flink-jobs");
        assertThat(spec.mode).isEqualTo("native");
        assertThat(spec.restartNonce).isNull();
        assertThat(spec.jobManager.resource.cpu).isEqualTo(0.5);
        assertThat(spec.jobManager.resource.memory).isEqualTo("1024m");
        assertThat(spec.jobManager.replicas).isEqualTo(1);
        assertThat(spec.taskManager.resource.cpu).isEqualTo(2.0);
        assertThat(spec.taskManager.resource.memory).isEqualTo("4Gi");
        assertThat(spec.taskManager.replicas).isNull();
    }

    @Test
    void jobSpecStartsTheJarRunningWithArgsInOrder() {
        FlinkDeploymentSpec spec = withSavepointDirectory.desired(
                job(Map.of(), null, null, List.of("--input", "s3://in", "--output", "s3://out"))).getSpec();

        assertThat(spec.job.jarURI).isEqualTo("local:///opt/flink/usrlib/etl.jar");
        assertThat(spec.job.entryClass).isEqualTo("com.example.Etl");
        assertThat(spec.job.args).containsExactly("--input", "s3://in", "--output", "s3://out");
        assertThat(spec.job.parallelism).isEqualTo(3);
        assertThat(spec.job.upgradeMode).isEqualTo("savepoint");
        assertThat(spec.job.state).isEqualTo("running");
        assertThat(spec.job.savepointTriggerNonce).isNull();
    }

    @Test
    void upgradeModeComesFromTheConfig() {
        FlinkDeploymentSpec spec = withoutSavepointDirectory.desired(job(Map.of(), null, null, List.of())).getSpec();

        assertThat(spec.job.upgradeMode).isEqualTo("stateless");
    }

    @Test
    void noArgsLeavesArgsOut() {
        FlinkDeploymentSpec spec = withSavepointDirectory.desired(job(Map.of(), null, null, List.of())).getSpec();

        assertThat(spec.job.args).isNull();
    }

    @Test
    void freshStartHasNoInitialSavepoint() {
        FlinkDeploymentSpec spec = withSavepointDirectory.desired(job(Map.of(), null, null, List.of())).getSpec();

        assertThat(spec.job.initialSavepointPath).isNull();
        assertThat(spec.job.allowNonRestoredState).isNull();
    }

    @Test
    void restoreSetsTheInitialSavepointAndNonRestoredState() {
        Restore restore = new Restore("s3://fling-savepoints/jobs/savepoint-1", true);

        FlinkDeploymentSpec spec = withSavepointDirectory.desired(job(Map.of(), restore, null, List.of())).getSpec();

        assertThat(spec.job.initialSavepointPath).isEqualTo("s3://fling-savepoints/jobs/savepoint-1");
        assertThat(spec.job.allowNonRestoredState).isTrue();
    }

    @Test
    void flinkConfigurationHasTheUsersKeysTaskSlotsAndNoSnapshotResources() {
        FlinkDeploymentSpec spec = withoutSavepointDirectory.desired(
                job(Map.of("execution.checkpointing.interval", "10s", "pipeline.name", "etl"), null, null, List.of()))
                .getSpec();

        assertThat(spec.flinkConfiguration).containsOnly(
                entry("execution.checkpointing.interval", "10s"),
                entry("pipeline.name", "etl"),
                entry("taskmanager.numberOfTaskSlots", "2"),
                entry("kubernetes.operator.snapshot.resource.enabled", "false"));
    }

    @Test
    void savepointDirectoryFromTheConfigWhenTheRequestSetsNone() {
        FlinkDeploymentSpec spec = withSavepointDirectory.desired(
                job(Map.of("pipeline.name", "etl"), null, null, List.of())).getSpec();

        assertThat(spec.flinkConfiguration)
                .containsEntry("state.savepoints.dir", SAVEPOINTS)
                .containsEntry("pipeline.name", "etl");
    }

    @Test
    void requestsOwnSavepointDirectoryWinsOverTheConfigs() {
        FlinkDeploymentSpec spec = withSavepointDirectory.desired(
                job(Map.of("state.savepoints.dir", "s3://mine/savepoints"), null, null, List.of())).getSpec();

        assertThat(spec.flinkConfiguration).containsEntry("state.savepoints.dir", "s3://mine/savepoints");
    }

    @Test
    void noSavepointDirectoryWhenNeitherConfigNorRequestSetsOne() {
        FlinkDeploymentSpec spec = withoutSavepointDirectory.desired(job(Map.of(), null, null, List.of())).getSpec();

        assertThat(spec.flinkConfiguration).doesNotContainKey("state.savepoints.dir");
    }

    @Test
    void desiredDeploymentSatisfiesTheOperatorsCrdSchema() {
        JobDefinition full = job(Map.of("pipeline.name", "etl"), new Restore("s3://x/savepoint-1", false), DEADLINE,
                List.of("--input", "s3://in"));
        JobDefinition minimal = job(Map.of(), null, null, List.of());

        assertThat(CrdSchema.violations(withSavepointDirectory.desired(full))).isEmpty();
        assertThat(CrdSchema.violations(withoutSavepointDirectory.desired(minimal))).isEmpty();
    }

    // ---- helpers ----

    private static JobDefinition job(Map<String, String> flinkConfiguration, Restore restore, Instant deadline,
            List<String> args) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("team", "data");
        labels.put("cost-center", "42");
        return job(flinkConfiguration, restore, deadline, args, labels);
    }

    private static JobDefinition job(Map<String, String> flinkConfiguration, Restore restore, Instant deadline,
            List<String> args, Map<String, String> labels) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        extensions.put("priority", 5);
        RequestContext request = new RequestContext("req-1", "/batch/scheduler", "dev.fling.job.launch.requested",
                extensions);
        JobPolicy policy = new JobPolicy(deadline, deadline == null ? 0 : 3600, Duration.ofMinutes(10), 3,
                Duration.ofSeconds(30));
        return new JobDefinition(
                new JobRef("analytics", "nightly-0123456789"),
                "flink:1.20.1",
                "v1_20",
                "local:///opt/flink/usrlib/etl.jar",
                "com.example.Etl",
                args,
                3,
                new ProcessResources(0.5, "1024m"),
                new ProcessResources(2.0, "4Gi"),
                2,
                flinkConfiguration,
                restore,
                labels,
                policy,
                request,
                ACCEPTED_AT);
    }

    static OperatorConfig operatorConfig(UpgradeMode upgradeMode, String savepointDirectory) {
        return new OperatorConfig() {
            @Override
            public String serviceAccount() {
                return "flink-jobs";
            }

            @Override
            public DeploymentMode mode() {
                return DeploymentMode.NATIVE;
            }

            @Override
            public String sqlRunnerJar() {
                return "local:///opt/flink/usrlib/fling-sql-runner.jar";
            }

            @Override
            public UpgradeMode upgradeMode() {
                return upgradeMode;
            }

            @Override
            public Optional<String> savepointDirectory() {
                return Optional.ofNullable(savepointDirectory);
            }

            @Override
            public Duration watchEchoWithin() {
                return Duration.ofSeconds(60);
            }

            @Override
            public WarmPool warmPool() {
                return new WarmPool() {
                    @Override
                    public int size() {
                        return 0;
                    }

                    @Override
                    public java.time.Duration startTimeout() {
                        return java.time.Duration.ofSeconds(300);
                    }
                };
            }
        };
    }
}
