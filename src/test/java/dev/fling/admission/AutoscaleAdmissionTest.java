package dev.fling.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.fling.events.payload.FieldError;
import dev.fling.events.payload.RejectionReason;
import dev.fling.runtime.Autoscaling;
import dev.fling.runtime.JobDefinition;
import dev.fling.runtime.QueueTicket;
import dev.fling.testing.Requests;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A launch that asks for autoscaling, as its sender sees admission: {@code autoscale} written in
 * the autoscaler's own keys (or those keys given directly), the bounds held to the policy with
 * errors that name the field the sender wrote, and the upper bound counted against quotas.
 */
class AutoscaleAdmissionTest {

    private static final String[] TEAM_A = {
        "fling.tenants.team-a.sources", "/team-a/*",
        "fling.tenants.team-a.policy.max-parallelism", "4",
        "fling.tenants.team-a.max-total-parallelism", "6",
        "fling.quota.max-running-jobs", "10",
    };

    private final Admission admission = TenantAdmissionTest.admission(TEAM_A);

    @Test
    void autoscaleBecomesTheAutoscalersOwnKeysAndTheJobsBounds() {
        JobDefinition job = admitted("parallelism", 2, "autoscale", Map.of("minParallelism", 1, "maxParallelism", 8,
                "targetUtilization", 0.6, "metricsWindowSeconds", 60, "stabilizationSeconds", 30,
                "scaleDownDelaySeconds", 0));

        assertThat(job.flinkConfiguration()).containsOnly(
                Map.entry("job.autoscaler.enabled", "true"),
                Map.entry("job.autoscaler.vertex.min-parallelism", "1"),
                Map.entry("job.autoscaler.vertex.max-parallelism", "8"),
                Map.entry("job.autoscaler.target.utilization", "0.6"),
                Map.entry("job.autoscaler.metrics.window", "60 s"),
                Map.entry("job.autoscaler.stabilization.interval", "30 s"),
                Map.entry("job.autoscaler.scale-down.interval", "0 s"));
        assertThat(job.policy().autoscaling()).isEqualTo(new Autoscaling(1, 8));
    }

    @Test
    void theAutoscalersKeysGivenByHandMeanTheSame() {
        JobDefinition job = admitted("parallelism", 3, "flinkConfiguration", Map.of("job.autoscaler.enabled", "TRUE",
                "job.autoscaler.vertex.min-parallelism", "2", "job.autoscaler.vertex.max-parallelism", "6"));

        assertThat(job.policy().autoscaling()).isEqualTo(new Autoscaling(2, 6));
    }

    @Test
    void autoscaleSwitchedOffLeavesTheJobSizedByHand() {
        JobDefinition job = admitted("autoscale", Map.of("enabled", false, "maxParallelism", 8));

        assertThat(job.flinkConfiguration()).containsEntry("job.autoscaler.enabled", "false");
        assertThat(job.policy().autoscaling()).isNull();
    }

    @Test
    void aLowerBoundAboveTheUpperIsRejectedOnTheFieldTheSenderWrote() {
        Rejection rejection = rejected(launch("autoscale", Map.of("minParallelism", 5, "maxParallelism", 2)));

        assertThat(rejection.reason()).isEqualTo(RejectionReason.POLICY_VIOLATION);
        assertThat(rejection.errors()).extracting(FieldError::field, FieldError::message).containsExactly(
                tuple("/autoscale/minParallelism", "the autoscaler's lower bound 5 is above its upper bound 2"));
    }

    @Test
    void anUpperBoundAboveThePolicyIsRejectedWhereverItWasWritten() {
        Rejection asAutoscale = rejected(launch("autoscale", Map.of("maxParallelism", 100)));
        Rejection asKeys = rejected(launch("flinkConfiguration", Map.of("job.autoscaler.enabled", "true",
                "job.autoscaler.vertex.max-parallelism", "100")));

        assertThat(asAutoscale.errors()).extracting(FieldError::field, FieldError::message).containsExactly(
                tuple("/autoscale/maxParallelism", "the autoscaler's upper bound 100 is above the limit of 64"));
        assertThat(asKeys.errors()).extracting(FieldError::field, FieldError::message).containsExactly(
                tuple("/flinkConfiguration/job.autoscaler.vertex.max-parallelism",
                        "the autoscaler's upper bound 100 is above the limit of 64"));
    }

    @Test
    void withoutAnUpperBoundTheAutoscalersDefaultIsHeldToThePolicy() {
        Rejection rejection = rejected(launch("autoscale", Map.of("minParallelism", 1)));

        assertThat(rejection.errors()).extracting(FieldError::field, FieldError::message).containsExactly(
                tuple("/autoscale/maxParallelism", "without an upper bound the autoscaler goes up to 200, "
                        + "above the limit of 64; set one"));
    }

    @Test
    void theStartingParallelismMustLieBetweenTheBounds() {
        Rejection rejection = rejected(launch("parallelism", 6, "autoscale", Map.of("minParallelism", 1,
                "maxParallelism", 4)));

        assertThat(rejection.errors()).extracting(FieldError::field, FieldError::message).containsExactly(
                tuple("/parallelism", "parallelism 6 is outside the autoscaler's bounds 1 to 4"));
    }

    @Test
    void unreadableKeysAreRejectedOneByOne() {
        Rejection rejection = rejected(launch("flinkConfiguration", Map.of("job.autoscaler.enabled", "true",
                "job.autoscaler.vertex.min-parallelism", "zero", "job.autoscaler.vertex.max-parallelism", "4",
                "job.autoscaler.target.utilization", "1.5")));

        assertThat(rejection.errors()).extracting(FieldError::field, FieldError::message).containsExactlyInAnyOrder(
                tuple("/flinkConfiguration/job.autoscaler.vertex.min-parallelism",
                        "'zero' is not a parallelism (a whole number from 1)"),
                tuple("/flinkConfiguration/job.autoscaler.target.utilization",
                        "target utilization '1.5' is not a number above 0 and at most 1"));
        assertThat(rejected(launch("flinkConfiguration", Map.of("job.autoscaler.enabled", "yes"))).errors())
                .extracting(FieldError::field, FieldError::message).containsExactly(
                        tuple("/flinkConfiguration/job.autoscaler.enabled", "'yes' is neither true nor false"));
    }

    @Test
    void settingsGivenTwiceAreRejectedAsInvalidData() {
        Rejection rejection = rejected(launch("autoscale", Map.of("maxParallelism", 4),
                "flinkConfiguration", Map.of("job.autoscaler.vertex.max-parallelism", "8")));

        assertThat(rejection.reason()).isEqualTo(RejectionReason.INVALID_DATA);
        assertThat(rejection.errors()).extracting(FieldError::field).containsExactly(
                "/flinkConfiguration/job.autoscaler.vertex.max-parallelism");
    }

    @Test
    void boundsTheSchemaForbidsAreRejectedByTheSchema() {
        Rejection rejection = rejected(launch("autoscale", Map.of("minParallelism", 0, "maxParallelism", 4,
                "targetUtilization", 0)));

        assertThat(rejection.reason()).isEqualTo(RejectionReason.INVALID_DATA);
        assertThat(rejection.errors()).extracting(FieldError::field).containsExactlyInAnyOrder(
                "/autoscale/minParallelism", "/autoscale/targetUtilization");
    }

    @Test
    void aTenantsOwnLimitHoldsTheUpperBound() {
        Rejection rejection = rejected(from("/team-a/etl", "autoscale", Map.of("maxParallelism", 5)));

        assertThat(rejection.message()).isEqualTo("the launch asks for what the policy of tenant 'team-a' does not allow");
        assertThat(rejection.errors()).extracting(FieldError::field, FieldError::message).containsExactly(
                tuple("/autoscale/maxParallelism", "the autoscaler's upper bound 5 is above the limit of 4"));
    }

    @Test
    void theUpperBoundCountsAgainstTheTenantsQuota() {
        Command.Launch launch = (Command.Launch) admission.admit(from("/team-a/etl", "parallelism", 1,
                "autoscale", Map.of("maxParallelism", 4)), Optional.empty());

        assertThat(launch.definition().queue()).as("waits as a job of parallelism 4, with 4 TaskManagers' memory")
                .isEqualTo(new QueueTicket("team-a", 0, 4, (1024L + 4 * 1024) << 20, QueueTicket.Standing.WAITING));
    }

    @Test
    void anUpperBoundThatCouldNeverFitTheQuotaIsRejected() {
        Admission tight = TenantAdmissionTest.admission("fling.tenants.team-a.sources", "/team-a/*",
                "fling.tenants.team-a.max-total-parallelism", "3");

        Rejection rejection = rejected(tight, from("/team-a/etl", "autoscale", Map.of("maxParallelism", 4)));

        assertThat(rejection.reason()).isEqualTo(RejectionReason.POLICY_VIOLATION);
        assertThat(rejection.message()).startsWith("the launch could never run within the quota of tenant 'team-a'");
    }

    private JobDefinition admitted(Object... data) {
        return ((Command.Launch) admission.admit(launch(data))).definition();
    }

    private static CloudEvent launch(Object... data) {
        return Requests.launch(Requests.launchData(data));
    }

    private static CloudEvent from(String source, Object... data) {
        return CloudEventBuilder.v1(launch(data)).withSource(URI.create(source)).build();
    }

    private Rejection rejected(CloudEvent request) {
        return rejected(admission, request);
    }

    private static Rejection rejected(Admission admission, CloudEvent request) {
        try {
            throw new AssertionError("admitted: " + admission.admit(request));
        } catch (RequestRejectedException e) {
            return e.rejection();
        }
    }
}
