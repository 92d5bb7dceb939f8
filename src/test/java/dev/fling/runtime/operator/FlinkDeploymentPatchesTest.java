package dev.fling.runtime.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The merge patches as the API server receives them: which fields of a FlinkDeployment each one changes. */
class FlinkDeploymentPatchesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules();
    /** An annotation value as Fling writes it: a request envelope as JSON text. */
    private static final String REQUEST = "{\"id\":\"cmd-1\",\"source\":\"/batch/scheduler\","
            + "\"type\":\"dev.fling.job.rescale\",\"extensions\":{}}";

    @Test
    void admitPatchLetsTheOperatorDeployAndRecordsTheTicket() {
        String ticket = "{\"tenant\":\"team-a\",\"standing\":\"ADMITTED\"}";
        assertThat(sent(FlinkDeploymentPatches.admit(ticket))).isEqualTo(json("""
                {"metadata": {"annotations": {"fling.dev/queue": %s}},
                 "spec": {"job": {"state": "running"}}}
                """.formatted(quoted(ticket))));
    }

    @Test
    void withdrawPatchLeavesTheSpecSuspendedAndNamesTheCancel() {
        String ticket = "{\"tenant\":\"team-a\",\"standing\":\"WITHDRAWN\"}";
        assertThat(sent(FlinkDeploymentPatches.withdraw(ticket, REQUEST))).isEqualTo(json("""
                {"metadata": {"annotations": {"fling.dev/queue": %s, "fling.dev/cancel-request": %s}}}
                """.formatted(quoted(ticket), quoted(REQUEST))));
        assertThat(sent(FlinkDeploymentPatches.withdraw(ticket, null))).as("a deadline withdraws without a request")
                .isEqualTo(json("""
                {"metadata": {"annotations": {"fling.dev/queue": %s}}}
                """.formatted(quoted(ticket))));
    }

    @Test
    void rescalePatchSetsOnlyTheJobsParallelismAndNamesTheRequest() {
        assertThat(sent(FlinkDeploymentPatches.rescale(6, REQUEST, null))).isEqualTo(json("""
                {"metadata": {"annotations": {"fling.dev/rescale-request": %s}},
                 "spec": {"job": {"parallelism": 6}}}
                """.formatted(quoted(REQUEST))));
    }

    @Test
    void rescalePatchCarriesTheRescalingStateInTheSameWrite() {
        String tracking = "{\"state\":\"RESCALING\",\"attempt\":1}";

        assertThat(sent(FlinkDeploymentPatches.rescale(6, REQUEST, tracking))).isEqualTo(json("""
                {"metadata": {"annotations": {"fling.dev/rescale-request": %s, "fling.dev/tracking": %s}},
                 "spec": {"job": {"parallelism": 6}}}
                """.formatted(quoted(REQUEST), quoted(tracking))));
    }

    @Test
    void cancelWithSavepointSuspendsTheJobInSavepointUpgradeMode() {
        assertThat(sent(FlinkDeploymentPatches.suspend(true, REQUEST))).isEqualTo(json("""
                {"metadata": {"annotations": {"fling.dev/cancel-request": %s}},
                 "spec": {"job": {"state": "suspended", "upgradeMode": "savepoint"}}}
                """.formatted(quoted(REQUEST))));
    }

    @Test
    void cancelWithoutSavepointSuspendsTheJobInStatelessUpgradeMode() {
        assertThat(sent(FlinkDeploymentPatches.suspend(false, REQUEST))).isEqualTo(json("""
                {"metadata": {"annotations": {"fling.dev/cancel-request": %s}},
                 "spec": {"job": {"state": "suspended", "upgradeMode": "stateless"}}}
                """.formatted(quoted(REQUEST))));
    }

    @Test
    void stopWithoutARequestSuspendsTheJobAndLeavesTheAnnotationsAlone() {
        assertThat(sent(FlinkDeploymentPatches.suspend(false, null))).isEqualTo(json("""
                {"spec": {"job": {"state": "suspended", "upgradeMode": "stateless"}}}
                """));
    }

    @Test
    void savepointPatchSetsTheTriggerNonceFromFlingsTriggerAndNamesTheRequest() {
        JsonNode patch = sent(FlinkDeploymentPatches.triggerSavepoint("00ab12cd34", REQUEST));

        assertThat(patch).isEqualTo(json("""
                {"metadata": {"annotations": {"fling.dev/savepoint-request": %s}},
                 "spec": {"job": {"savepointTriggerNonce": 2870136116}}}
                """.formatted(quoted(REQUEST))));
        assertThat(SavepointTriggers.toTrigger(patch.at("/spec/job/savepointTriggerNonce").asLong()))
                .isEqualTo("00ab12cd34");
    }

    @Test
    void restartPatchSetsOnlyTheRestartNonceToTheAttempt() {
        assertThat(sent(FlinkDeploymentPatches.restart(3, null))).isEqualTo(json("""
                {"spec": {"restartNonce": 3}}
                """));
    }

    @Test
    void restartPatchCarriesTheNewAttemptsStateInTheSameWrite() {
        String tracking = "{\"state\":\"DEPLOYING\",\"attempt\":3}";

        assertThat(sent(FlinkDeploymentPatches.restart(3, tracking))).isEqualTo(json("""
                {"metadata": {"annotations": {"fling.dev/tracking": %s}}, "spec": {"restartNonce": 3}}
                """.formatted(quoted(tracking))));
    }

    @Test
    void trackingPatchChangesOnlyTheTrackingAnnotation() {
        String tracking = "{\"state\":\"RUNNING\",\"attempt\":1}";

        assertThat(sent(FlinkDeploymentPatches.tracking(tracking))).isEqualTo(json("""
                {"metadata": {"annotations": {"fling.dev/tracking": %s}}}
                """.formatted(quoted(tracking))));
    }

    @Test
    void noPatchCarriesAResourceVersionOrTouchesTheStatus() {
        List<Map<String, Object>> patches = List.of(
                FlinkDeploymentPatches.rescale(2, REQUEST, null),
                FlinkDeploymentPatches.rescale(2, REQUEST, "{}"),
                FlinkDeploymentPatches.suspend(true, REQUEST),
                FlinkDeploymentPatches.suspend(false, null),
                FlinkDeploymentPatches.triggerSavepoint("0000000001", REQUEST),
                FlinkDeploymentPatches.restart(2, null),
                FlinkDeploymentPatches.restart(2, "{}"),
                FlinkDeploymentPatches.tracking("{}"));

        for (Map<String, Object> patch : patches) {
            JsonNode sent = sent(patch);
            assertThat(sent.fieldNames()).toIterable().isSubsetOf("metadata", "spec");
            if (sent.has("metadata")) {
                assertThat(sent.get("metadata").fieldNames()).toIterable().containsExactly("annotations");
            }
        }
    }

    /** The patch as the API server reads it: written as Fling writes it, read back as JSON. */
    private static JsonNode sent(Map<String, Object> patch) {
        try {
            return MAPPER.readTree(MAPPER.writeValueAsString(patch));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A string as a JSON string literal (an annotation value holding JSON text). */
    private static String quoted(String value) {
        return MAPPER.valueToTree(value).toString();
    }
}
