package dev.fling.runtime.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fling.runtime.JobObservation;
import dev.fling.runtime.JobObservation.Phase;
import dev.fling.runtime.operator.model.FlinkDeployment;
import dev.fling.runtime.operator.model.FlinkDeploymentSpec;
import dev.fling.runtime.operator.model.FlinkDeploymentStatus;
import dev.fling.runtime.operator.model.JobSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

class StatusInterpreterTest {

    private static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules();
    private static final String JOB_ID = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
    /** For {@code observedStatus}: the operator has written no {@code status.jobStatus} yet. */
    private static final String NO_JOB_STATUS = null;

    private final StatusInterpreter interpreter = new StatusInterpreter(MAPPER);

    // ---- phases ----

    @Test
    void noStatusYetIsDeployingAndNotCurrent() {
        FlinkDeployment deployment = deployment(1L, JobSpec.SAVEPOINT, 2);

        JobObservation observation = interpreter.interpret(deployment);

        assertThat(observation.phase()).isEqualTo(Phase.DEPLOYING);
        assertThat(observation.current()).isFalse();
        assertThat(observation.flinkJobId()).isNull();
        assertThat(observation.runningParallelism()).isZero();
        assertThat(observation.message()).isNull();
        assertThat(observation.savepoint()).isNull();
        assertThat(observation.stopSavepointPath()).isNull();
        assertThat(observation.revision()).isEqualTo(1L);
    }

    @Test
    void neverReconciledWithoutErrorIsDeploying() {
        FlinkDeployment deployment = deployment(1L, JobSpec.SAVEPOINT, 2);
        FlinkDeploymentStatus status = status(deployment);
        status.lifecycleState = "CREATED";
        status.observedGeneration = 1L;

        JobObservation observation = interpreter.interpret(deployment);

        assertThat(observation.phase()).isEqualTo(Phase.DEPLOYING);
        assertThat(observation.current()).isTrue();
    }

    @Test
    void neverReconciledAndLifecycleFailedWithAnErrorIsFailedWithTheErrorText() {
        FlinkDeployment deployment = deployment(1L, JobSpec.SAVEPOINT, 2);
        FlinkDeploymentStatus status = status(deployment);
        status.lifecycleState = "FAILED";
        status.error = operatorError("Forbidden Flink config key: kubernetes.namespace");

        JobObservation observation = interpreter.interpret(deployment);

        assertThat(observation.phase()).isEqualTo(Phase.FAILED);
        assertThat(observation.message()).isEqualTo("Forbidden Flink config key: kubernetes.namespace");
        assertThat(observation.current()).isTrue();
    }


    /** Found by scripts/chaos (seed 7): a cancel 1 s after the launch, before the operator got to the job. */
    @Test
    void aJobStoppedBeforeTheOperatorFirstDeployedItIsCancelledForGood() {
        FlinkDeployment noStatus = deployment(2L, JobSpec.SAVEPOINT, 2);
        noStatus.getSpec().job.state = JobSpec.SUSPENDED;
        FlinkDeployment created = deployment(2L, JobSpec.SAVEPOINT, 2);
        created.getSpec().job.state = JobSpec.SUSPENDED;
        status(created).lifecycleState = "CREATED";

        for (FlinkDeployment deployment : java.util.List.of(noStatus, created)) {
            JobObservation observation = interpreter.interpret(deployment);

            assertThat(observation.phase()).as("the operator never deploys it: nothing else will be seen")
                    .isEqualTo(Phase.CANCELLED);
            assertThat(observation.current()).as("the operator writes no status for it to catch up with").isTrue();
            assertThat(observation.stopSavepointPath()).isNull();
        }
    }
    @Test
    void finishedDuringAnUpgradeIsChangingNotFinished() {
        FlinkDeployment deployment = deployment(2L, JobSpec.SAVEPOINT, 4);
        FlinkDeploymentStatus status = observedStatus(deployment, "UPGRADING", "FINISHED", JobSpec.RUNNING);
        status.jobStatus.upgradeSavepointPath = "s3://bucket/savepoints/savepoint-1";

        JobObservation observation = interpreter.interpret(deployment);

        assertThat(observation.phase()).isEqualTo(Phase.CHANGING);
        assertThat(observation.phase()).isNotEqualTo(Phase.FINISHED);
        assertThat(observation.stopSavepointPath()).isNull();
        assertThat(observation.current()).isTrue();
    }

    @Test
    void firstDeploymentRecordedAsSuspendedWhileUpgradingIsChangingNotCancelled() {
        FlinkDeployment deployment = deployment(1L, JobSpec.SAVEPOINT, 2);
        observedStatus(deployment, "UPGRADING", NO_JOB_STATUS, JobSpec.SUSPENDED);

        assertThat(interpreter.interpret(deployment).phase()).isEqualTo(Phase.CHANGING);
    }

    @Test
    void runningAndStableIsRunningWithTheReconciledParallelismNotTheSpecs() {
        FlinkDeployment deployment = deployment(3L, JobSpec.SAVEPOINT, 8); // asked for 8 ...
        observedStatus(deployment, "STABLE", "RUNNING",
                reconciled(lastReconciledSpec(4, JobSpec.RUNNING))); // ... runs with 4

        JobObservation observation = interpreter.interpret(deployment);

        assertThat(observation.phase()).isEqualTo(Phase.RUNNING);
        assertThat(observation.runningParallelism()).isEqualTo(4);
        assertThat(observation.flinkJobId()).isEqualTo(JOB_ID);
        assertThat(observation.message()).isNull();
        assertThat(observation.revision()).isEqualTo(3L);
        assertThat(observation.current()).isTrue();
    }

    @Test
    void anAutoscaledJobRunsWithTheOverridesTheAutoscalerWroteIntoTheReconciledSpec() {
        FlinkDeployment deployment = deployment(1L, JobSpec.SAVEPOINT, 2);
        deployment.getSpec().flinkConfiguration = java.util.Map.of("job.autoscaler.enabled", "true");
        // Written into flinkConfiguration AFTER job, as the operator's spec serializes it: the reader takes both orders.
        ObjectNode root = (ObjectNode) readTree(lastReconciledSpec(2, JobSpec.RUNNING));
        ((ObjectNode) root.path("spec")).remove("flinkConfiguration");
        ((ObjectNode) root.path("spec")).putObject("flinkConfiguration")
                .put("pipeline.jobvertex-parallelism-overrides", "bc764cd8ddf7a0cff126f51c16239658:4,'0a448493b4782967b150582570326227':1");
        observedStatus(deployment, "DEPLOYED", "RUNNING", reconciled(root.toString()));

        JobObservation observation = interpreter.interpret(deployment);

        assertThat(observation.phase()).isEqualTo(Phase.RUNNING);
        assertThat(observation.runningParallelism()).as("the highest vertex").isEqualTo(4);
        assertThat(observation.autoscaled()).isEqualTo(new dev.fling.runtime.AutoscaledVertices(java.util.Map.of(
                "bc764cd8ddf7a0cff126f51c16239658", 4, "0a448493b4782967b150582570326227", 1), "1700000000000", null));
    }

    @Test
    void overridesOfAJobWithoutTheAutoscalerAreNotTheAutoscalers() {
        FlinkDeployment deployment = deployment(1L, JobSpec.SAVEPOINT, 2);
        ObjectNode root = (ObjectNode) readTree(lastReconciledSpec(2, JobSpec.RUNNING));
        ((ObjectNode) root.path("spec").path("flinkConfiguration"))
                .put("pipeline.jobvertex-parallelism-overrides", "bc764cd8ddf7a0cff126f51c16239658:4");
        observedStatus(deployment, "STABLE", "RUNNING", reconciled(root.toString()));

        JobObservation observation = interpreter.interpret(deployment);

        assertThat(observation.runningParallelism()).isEqualTo(2);
        assertThat(observation.autoscaled()).isNull();
    }

    @Test
    void anAutoscaledJobTheAutoscalerHasNotResizedYetRunsWithItsParallelism() {
        FlinkDeployment deployment = deployment(1L, JobSpec.SAVEPOINT, 2);
        deployment.getSpec().flinkConfiguration = java.util.Map.of("job.autoscaler.enabled", "true");
        observedStatus(deployment, "STABLE", "RUNNING", JobSpec.RUNNING);

        JobObservation observation = interpreter.interpret(deployment);

        assertThat(observation.runningParallelism()).isEqualTo(2);
        assertThat(observation.autoscaled()).isNull();
    }

    @Test
    void theOverridesAreReadInFlinksMapSyntax() {
        assertThat(ParallelismOverrides.parse("a:2, 'b':3 ,'c:4',bad,d:x,e:0")).containsExactly(
                java.util.Map.entry("a", 2), java.util.Map.entry("b", 3), java.util.Map.entry("c", 4));
        assertThat(ParallelismOverrides.parse(null)).isEmpty();
    }

    @Test
    void theScalingReportEventIsNamedAsTheOperatorNamesIt() {
        // Java's String.hashCode of "ScalingReport" + "ScalingExecutor" + "Normal" + "FlinkDeployment" + name + uid,
        // worked out outside Fling (a short Python loop), as EventUtils.generateEventName of operator 1.10 makes it.
        assertThat(ScalingReports.eventName("fling-0123456789", "3f6b1a52-2b58-4c3e-9d2e-000000000001"))
                .isEqualTo("Operator.1067189938");
    }

    @Test
    void runningAndDeployedIsRunning() {
        FlinkDeployment deployment = deployment(1L, JobSpec.SAVEPOINT, 2);
        observedStatus(deployment, "DEPLOYED", "RUNNING", JobSpec.RUNNING);

        JobObservation observation = interpreter.interpret(deployment);

        assertThat(observation.phase()).isEqualTo(Phase.RUNNING);
        assertThat(observation.runningParallelism()).isEqualTo(2);
    }

    @Test
    void aFirstDeploymentRunningSaysHowLongItWasQueuedAndHowLongTheOperatorTook() {
        FlinkDeployment deployment = deployment(1L, JobSpec.SAVEPOINT, 2);
        deployment.getMetadata().setCreationTimestamp("2023-11-14T22:13:19Z"); // 1699999999000
        deployment.getMetadata().setAnnotations(java.util.Map.of(Annotations.ACCEPTED_AT, "2023-11-14T22:13:18.750Z"));
        observedStatus(deployment, "STABLE", "RUNNING", JobSpec.RUNNING); // updated at 1700000001000

        JobObservation observation = interpreter.interpret(deployment);

        assertThat(observation.launch().start()).isEqualTo(dev.fling.runtime.LaunchPhases.Start.COLD);
        assertThat(observation.launch().phases()).containsExactly(java.util.Map.entry("queued", 250L),
                java.util.Map.entry("running", 2000L));
    }

    @Test
    void aDeploymentWhoseSpecChangedSinceItsCreationHasNoLaunchPhases() {
        FlinkDeployment deployment = deployment(2L, JobSpec.SAVEPOINT, 2);
        deployment.getMetadata().setCreationTimestamp("2023-11-14T22:13:19Z");
        observedStatus(deployment, "STABLE", "RUNNING", JobSpec.RUNNING);

        assertThat(interpreter.interpret(deployment).launch()).isNull();
    }

    @Test
    void observationIsCurrentOnlyOnceTheObservedGenerationReachesTheGeneration() {
        FlinkDeployment deployment = deployment(5L, JobSpec.SAVEPOINT, 2);
        FlinkDeploymentStatus status = observedStatus(deployment, "STABLE", "RUNNING", JobSpec.RUNNING);

        status.observedGeneration = 4L;
        assertThat(interpreter.interpret(deployment).current()).isFalse();

        status.observedGeneration = 5L;
        assertThat(interpreter.interpret(deployment).current()).isTrue();

        status.observedGeneration = 6L;
        assertThat(interpreter.interpret(deployment).current()).isTrue();

        status.observedGeneration = null;
        assertThat(interpreter.interpret(deployment).current()).isFalse();
    }

    @Test
    void finishedWhileStableAndReconciledRunningIsFinished() {
        FlinkDeployment deployment = deployment(1L, JobSpec.SAVEPOINT, 2);
        observedStatus(deployment, "STABLE", "FINISHED", JobSpec.RUNNING);

        JobObservation observation = interpreter.interpret(deployment);

        assertThat(observation.phase()).isEqualTo(Phase.FINISHED);
        assertThat(observation.flinkJobId()).isEqualTo(JOB_ID);
        assertThat(observation.runningParallelism()).isZero();
        assertThat(observation.stopSavepointPath()).isNull();
    }

    @Test
    void finishedAfterASuspensionIsCancelledWithTheStopSavepoint() {
        FlinkDeployment deployment = deployment(2L, JobSpec.SAVEPOINT, 2);
        deployment.getSpec().job.state = JobSpec.SUSPENDED;
        FlinkDeploymentStatus status = observedStatus(deployment, "SUSPENDED", "FINISHED", JobSpec.SUSPENDED);
        status.jobStatus.upgradeSavepointPath = "s3://bucket/savepoints/savepoint-abc";

        JobObservation observation = interpreter.interpret(deployment);

        assertThat(observation.phase()).isEqualTo(Phase.CANCELLED);
        assertThat(observation.stopSavepointPath()).isEqualTo("s3://bucket/savepoints/savepoint-abc");
        assertThat(observation.current()).isTrue();
    }

    @Test
    void canceledFromOutsideAndShownSuspendedIsCancelled() {
        FlinkDeployment deployment = deployment(1L, JobSpec.SAVEPOINT, 2);
        observedStatus(deployment, "SUSPENDED", "CANCELED", JobSpec.SUSPENDED);

        JobObservation observation = interpreter.interpret(deployment);

        assertThat(observation.phase()).isEqualTo(Phase.CANCELLED);
        assertThat(observation.flinkJobId()).isEqualTo(JOB_ID);
        assertThat(observation.stopSavepointPath()).isNull();
    }

    @Test
    void canceledWhileStillReconciledRunningIsCancelled() {
        FlinkDeployment deployment = deployment(1L, JobSpec.SAVEPOINT, 2);
        observedStatus(deployment, "SUSPENDED", "CANCELED", JobSpec.RUNNING);

        assertThat(interpreter.interpret(deployment).phase()).isEqualTo(Phase.CANCELLED);
    }

    @Test
    void failedJobIsFailedWithTheMessageAndItsCauses() {
        FlinkDeployment deployment = deployment(1L, JobSpec.SAVEPOINT, 2);
        FlinkDeploymentStatus status = observedStatus(deployment, "FAILED", "FAILED", JobSpec.RUNNING);
        ObjectNode error = MAPPER.createObjectNode()
                .put("type", "org.apache.flink.util.SerializedThrowable")
                .put("message", "Recovery is suppressed by NoRestartBackoffTimeStrategy");
        error.putObject("additionalMetadata");
        // the operator repeats the top-level throwable first in throwableList
        error.withArray("throwableList").addObject()
                .put("type", "org.apache.flink.util.SerializedThrowable")
                .put("message", "Recovery is suppressed by NoRestartBackoffTimeStrategy")
                .putObject("additionalMetadata");
        error.withArray("throwableList").addObject()
                .put("type", "org.apache.flink.util.SerializedThrowable")
                .put("message", "java.lang.RuntimeException: boom")
                .putObject("additionalMetadata");
        status.error = error.toString();

        JobObservation observation = interpreter.interpret(deployment);

        assertThat(observation.phase()).isEqualTo(Phase.FAILED);
        assertThat(observation.message()).isEqualTo(
                "Recovery is suppressed by NoRestartBackoffTimeStrategy; caused by: java.lang.RuntimeException: boom");
        assertThat(observation.flinkJobId()).isEqualTo(JOB_ID);
        assertThat(observation.current()).isTrue();
    }

    @Test
    void failedJobStateAloneIsFailedEvenWhileLifecycleIsStable() {
        FlinkDeployment deployment = deployment(1L, JobSpec.SAVEPOINT, 2);
        observedStatus(deployment, "STABLE", "FAILED", JobSpec.RUNNING);

        JobObservation observation = interpreter.interpret(deployment);

        assertThat(observation.phase()).isEqualTo(Phase.FAILED);
        assertThat(observation.message()).isNull();
    }

    @Test
    void plainTextErrorIsPassedThrough() {
        FlinkDeployment deployment = deployment(1L, JobSpec.SAVEPOINT, 2);
        FlinkDeploymentStatus status = observedStatus(deployment, "FAILED", "FAILED", JobSpec.RUNNING);
        status.error = "Job Not Found";

        JobObservation observation = interpreter.interpret(deployment);

        assertThat(observation.phase()).isEqualTo(Phase.FAILED);
        assertThat(observation.message()).isEqualTo("Job Not Found");
    }

    @Test
    void errorTextOfBlankOrNullIsNull() {
        assertThat(interpreter.errorText(null)).isNull();
        assertThat(interpreter.errorText("  ")).isNull();
    }

    @Test
    void errorTextOfJsonWithoutAMessageIsTheJsonItself() {
        assertThat(interpreter.errorText("{\"type\":\"x\"}")).isEqualTo("{\"type\":\"x\"}");
        assertThat(interpreter.errorText("\"quoted\"")).isEqualTo("\"quoted\"");
    }

    @Test
    void unreadableLastReconciledSpecCountsAsNeverReconciled() {
        FlinkDeployment deployment = deployment(1L, JobSpec.SAVEPOINT, 2);
        observedStatus(deployment, "STABLE", "RUNNING", reconciled("{not json"));

        assertThat(interpreter.interpret(deployment).phase()).isEqualTo(Phase.DEPLOYING);
    }

    @Test
    void jobStillReconcilingIsDeploying() {
        FlinkDeployment deployment = deployment(1L, JobSpec.SAVEPOINT, 2);
        observedStatus(deployment, "DEPLOYED", "RECONCILING", JobSpec.RUNNING);

        assertThat(interpreter.interpret(deployment).phase()).isEqualTo(Phase.DEPLOYING);
    }

    @Test
    void lifecycleStateFromANewerOperatorIsDeployingNotAnError() {
        FlinkDeployment deployment = deployment(1L, JobSpec.SAVEPOINT, 2);
        observedStatus(deployment, "HIBERNATING", "RUNNING", JobSpec.RUNNING);

        JobObservation observation = interpreter.interpret(deployment);

        assertThat(observation.phase()).isEqualTo(Phase.DEPLOYING);
        assertThat(observation.flinkJobId()).isEqualTo(JOB_ID);
    }

    @Test
    void jobStateFromANewerFlinkIsDeployingNotAnError() {
        FlinkDeployment deployment = deployment(1L, JobSpec.SAVEPOINT, 2);
        observedStatus(deployment, "STABLE", "PAUSED", JobSpec.RUNNING);

        assertThat(interpreter.interpret(deployment).phase()).isEqualTo(Phase.DEPLOYING);
    }

    @Test
    void runningWhileRolledBackIsDeployingNotRunning() {
        FlinkDeployment deployment = deployment(1L, JobSpec.SAVEPOINT, 2);
        observedStatus(deployment, "ROLLED_BACK", "RUNNING", JobSpec.RUNNING);

        assertThat(interpreter.interpret(deployment).phase()).isEqualTo(Phase.DEPLOYING);
    }

    // ---- savepoints ----

    @Test
    void savepointTakenOnFlingsDemandIsReportedWithItsTrigger() {
        FlinkDeployment deployment = runningDeployment(JobSpec.SAVEPOINT);
        FlinkDeploymentStatus.Savepoint last = new FlinkDeploymentStatus.Savepoint();
        last.location = "s3://bucket/savepoints/savepoint-7f";
        last.timeStamp = 1_700_000_000_000L;
        last.triggerType = "MANUAL";
        last.formatType = "CANONICAL";
        last.triggerNonce = SavepointTriggers.toNonce("00ab12cd34");
        deployment.getStatus().jobStatus.savepointInfo = new FlinkDeploymentStatus.SavepointInfo();
        deployment.getStatus().jobStatus.savepointInfo.lastSavepoint = last;

        JobObservation observation = interpreter.interpret(deployment);

        assertThat(observation.phase()).isEqualTo(Phase.RUNNING);
        assertThat(observation.savepoint()).isEqualTo(
                new JobObservation.Savepoint("00ab12cd34", "s3://bucket/savepoints/savepoint-7f"));
        assertThat(observation.savepoint().trigger()).isEqualTo(SavepointTriggers.toTrigger(last.triggerNonce));
    }

    @Test
    void upgradeSavepointWithoutATriggerNonceIsNotReported() {
        FlinkDeployment deployment = runningDeployment(JobSpec.SAVEPOINT);
        FlinkDeploymentStatus.Savepoint last = new FlinkDeploymentStatus.Savepoint();
        last.location = "s3://bucket/savepoints/savepoint-upgrade";
        last.triggerType = "UPGRADE";
        deployment.getStatus().jobStatus.savepointInfo = new FlinkDeploymentStatus.SavepointInfo();
        deployment.getStatus().jobStatus.savepointInfo.lastSavepoint = last;

        assertThat(interpreter.interpret(deployment).savepoint()).isNull();
    }

    @Test
    void noSavepointInfoMeansNoSavepoint() {
        FlinkDeployment deployment = runningDeployment(JobSpec.SAVEPOINT);
        deployment.getStatus().jobStatus.savepointInfo = new FlinkDeploymentStatus.SavepointInfo();

        assertThat(interpreter.interpret(deployment).savepoint()).isNull();
    }

    // ---- rescale method ----

    @Test
    void statelessUpgradeModeRescalesByStatelessRestart() {
        assertThat(interpreter.interpret(runningDeployment(JobSpec.STATELESS)).rescaleMethod())
                .isEqualTo("stateless-restart");
    }

    @Test
    void savepointUpgradeModeRescalesBySavepointRestart() {
        assertThat(interpreter.interpret(runningDeployment(JobSpec.SAVEPOINT)).rescaleMethod())
                .isEqualTo("savepoint-restart");
    }

    @Test
    void lastStateUpgradeModeRescalesBySavepointRestart() {
        assertThat(interpreter.interpret(runningDeployment("last-state")).rescaleMethod())
                .isEqualTo("savepoint-restart");
    }

    @Test
    void rescaleMethodIsKnownBeforeAnyStatus() {
        assertThat(interpreter.interpret(deployment(1L, JobSpec.STATELESS, 1)).rescaleMethod())
                .isEqualTo("stateless-restart");
    }

    // ---- SavepointTriggers ----

    @Test
    void savepointTriggerRoundTripsThroughTheNonceKeepingLeadingZeros() {
        long nonce = SavepointTriggers.toNonce("00ab12cd34");

        assertThat(nonce).isEqualTo(0x00ab12cd34L);
        assertThat(SavepointTriggers.toTrigger(nonce)).isEqualTo("00ab12cd34");
    }

    @Test
    void savepointTriggerIsAlwaysTenHexDigits() {
        assertThat(SavepointTriggers.toTrigger(0L)).isEqualTo("0000000000");
        assertThat(SavepointTriggers.toTrigger(1L)).isEqualTo("0000000001");
        assertThat(SavepointTriggers.toTrigger(0xffffffffffL)).isEqualTo("ffffffffff");
        assertThat(SavepointTriggers.toTrigger(SavepointTriggers.toNonce("0000000000"))).isEqualTo("0000000000");
    }

    // ---- helpers: resources as the Flink Kubernetes Operator writes them ----

    @Test
    void aJobWaitingInTheQueueIsWaitingWhateverTheOperatorShows() {
        dev.fling.runtime.JobObservation operatorSays = new dev.fling.runtime.JobObservation(Phase.DEPLOYING, null, 0,
                null, null, null, "savepoint-restart", 1, false);
        dev.fling.runtime.QueueTicket ticket = new dev.fling.runtime.QueueTicket("team-a", 0, 1, 0,
                dev.fling.runtime.QueueTicket.Standing.WAITING);

        assertThat(StatusInterpreter.held(ticket, operatorSays).phase()).isEqualTo(Phase.WAITING);
        assertThat(StatusInterpreter.held(ticket.with(dev.fling.runtime.QueueTicket.Standing.WITHDRAWN), operatorSays))
                .as("withdrawn before it ran: cancelled, and current (the operator has nothing to catch up on)")
                .satisfies(seen -> {
                    assertThat(seen.phase()).isEqualTo(Phase.CANCELLED);
                    assertThat(seen.current()).isTrue();
                });
        assertThat(StatusInterpreter.held(ticket.with(dev.fling.runtime.QueueTicket.Standing.ADMITTED), operatorSays))
                .as("let in: the operator's word").isSameAs(operatorSays);
        assertThat(StatusInterpreter.held(null, operatorSays)).as("launched without a queue").isSameAs(operatorSays);
    }

    private static FlinkDeployment deployment(long generation, String upgradeMode, int parallelism) {
        FlinkDeployment deployment = new FlinkDeployment();
        deployment.setMetadata(new ObjectMetaBuilder()
                .withName("fling-0123456789")
                .withNamespace("default")
                .withGeneration(generation)
                .build());
        FlinkDeploymentSpec spec = new FlinkDeploymentSpec();
        spec.image = "flink:1.20";
        spec.flinkVersion = "v1_20";
        spec.job = new JobSpec();
        spec.job.jarURI = "local:///opt/flink/examples/streaming/StateMachineExample.jar";
        spec.job.parallelism = parallelism;
        spec.job.upgradeMode = upgradeMode;
        spec.job.state = JobSpec.RUNNING;
        deployment.setSpec(spec);
        return deployment;
    }

    private static FlinkDeployment runningDeployment(String upgradeMode) {
        FlinkDeployment deployment = deployment(1L, upgradeMode, 2);
        observedStatus(deployment, "STABLE", "RUNNING", JobSpec.RUNNING);
        return deployment;
    }

    /**
     * The status the operator writes once it has observed the deployment's current generation: the
     * lifecycle state, the job in {@code jobState} ({@link #NO_JOB_STATUS} for none) and a last
     * reconciled spec with the deployment's parallelism and {@code reconciledJobState}.
     */
    private static FlinkDeploymentStatus observedStatus(
            FlinkDeployment deployment, String lifecycleState, String jobState, String reconciledJobState) {
        return observedStatus(deployment, lifecycleState, jobState,
                reconciled(lastReconciledSpec(deployment.getSpec().job.parallelism, reconciledJobState)));
    }

    /** As {@link #observedStatus(FlinkDeployment, String, String, String)}, with the given reconciliation status. */
    private static FlinkDeploymentStatus observedStatus(
            FlinkDeployment deployment,
            String lifecycleState,
            String jobState,
            FlinkDeploymentStatus.ReconciliationStatus reconciliation) {
        FlinkDeploymentStatus status = status(deployment);
        status.lifecycleState = lifecycleState;
        status.observedGeneration = deployment.getMetadata().getGeneration();
        status.jobStatus = jobState == null ? null : jobStatus(jobState);
        status.reconciliationStatus = reconciliation;
        return status;
    }

    private static FlinkDeploymentStatus status(FlinkDeployment deployment) {
        FlinkDeploymentStatus status = new FlinkDeploymentStatus();
        status.jobManagerDeploymentStatus = "READY";
        deployment.setStatus(status);
        return status;
    }

    private static FlinkDeploymentStatus.JobStatus jobStatus(String state) {
        FlinkDeploymentStatus.JobStatus jobStatus = new FlinkDeploymentStatus.JobStatus();
        jobStatus.jobName = "State machine job";
        jobStatus.jobId = JOB_ID;
        jobStatus.state = state;
        jobStatus.startTime = "1700000000000";
        jobStatus.updateTime = "1700000001000";
        return jobStatus;
    }

    private static FlinkDeploymentStatus.ReconciliationStatus reconciled(String lastReconciledSpec) {
        FlinkDeploymentStatus.ReconciliationStatus reconciliation = new FlinkDeploymentStatus.ReconciliationStatus();
        reconciliation.reconciliationTimestamp = 1_700_000_000_000L;
        reconciliation.lastReconciledSpec = lastReconciledSpec;
        reconciliation.state = "DEPLOYED";
        return reconciliation;
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code status.reconciliationStatus.lastReconciledSpec}: JSON text with the spec and resource_metadata. */
    private static String lastReconciledSpec(int parallelism, String jobState) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode spec = root.putObject("spec");
        spec.put("image", "flink:1.20");
        spec.put("flinkVersion", "v1_20");
        spec.put("serviceAccount", "flink");
        spec.put("mode", "native");
        spec.putObject("flinkConfiguration").put("taskmanager.numberOfTaskSlots", "1");
        ObjectNode job = spec.putObject("job");
        job.put("jarURI", "local:///opt/flink/examples/streaming/StateMachineExample.jar");
        job.put("parallelism", parallelism);
        job.put("entryClass", (String) null);
        job.putArray("args");
        job.put("state", jobState);
        job.put("savepointTriggerNonce", (Long) null);
        job.put("initialSavepointPath", (String) null);
        job.put("upgradeMode", "savepoint");
        job.put("allowNonRestoredState", (Boolean) null);
        ObjectNode metadata = root.putObject("resource_metadata");
        metadata.put("apiVersion", "flink.apache.org/v1beta1");
        metadata.put("firstDeployment", true);
        return root.toString();
    }

    /** The operator's FlinkResourceException JSON for an error without causes. */
    private static String operatorError(String message) {
        ObjectNode error = MAPPER.createObjectNode()
                .put("type", "org.apache.flink.kubernetes.operator.exception.ValidationException")
                .put("message", message);
        error.putObject("additionalMetadata");
        error.putArray("throwableList");
        return error.toString();
    }
}
