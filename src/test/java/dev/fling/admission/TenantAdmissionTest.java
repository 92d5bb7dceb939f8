package dev.fling.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.events.DataSchemas;
import dev.fling.events.payload.FieldError;
import dev.fling.events.payload.RejectionReason;
import dev.fling.runtime.QueueTicket;
import dev.fling.tenants.QuotaConfig;
import dev.fling.tenants.Tenants;
import dev.fling.tenants.TenantsConfig;
import dev.fling.testing.Requests;
import dev.fling.testing.TestingConfig;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Admission per tenant: the tenant's own policy, who may speak for it, priorities, and launches that could never fit. */
class TenantAdmissionTest {

    private static final String[] THREE_TEAMS = {
        "fling.tenants.team-a.sources", "/team-a/*",
        "fling.tenants.team-a.allowed-subjects", "system:serviceaccount:team-a:*",
        "fling.tenants.team-a.max-running-jobs", "2",
        "fling.tenants.team-a.max-total-parallelism", "4",
        "fling.tenants.team-a.policy.max-parallelism", "4",
        "fling.tenants.team-a.policy.max-priority", "5",
        "fling.tenants.team-b.sources", "/team-b/*",
        "fling.tenants.team-b.policy.allowed-namespaces", "team-b",
        "fling.tenants.team-c.sources", "/team-c/*",
        "fling.tenants.team-c.max-total-memory", "2g",
        "fling.quota.max-running-jobs", "10",
    };

    private final Admission admission = admission(THREE_TEAMS);

    @Test
    void aLaunchWaitsWithItsTenantPriorityAndWhatItNeeds() {
        Command.Launch launch = (Command.Launch) admission.admit(from("/team-a/etl",
                "parallelism", 3, "priority", 4, "taskManager", java.util.Map.of("slots", 2)));

        assertThat(launch.definition().queue()).isEqualTo(new QueueTicket("team-a", 4, 3, (1024L + 2 * 1024) << 20,
                QueueTicket.Standing.WAITING));
    }

    @Test
    void aSourceInNoTenantBelongsToTheDefaultOne() {
        Command.Launch launch = (Command.Launch) admission.admit(from("/elsewhere"));
        assertThat(launch.definition().queue().tenant()).isEqualTo("default");
    }

    @Test
    void withoutLimitsALaunchIsLetInAtOnce() {
        Command.Launch launch = (Command.Launch) admission("fling.tenants.team-a.sources", "/team-a/*")
                .admit(from("/team-a/etl"));
        assertThat(launch.definition().queue().standing()).isEqualTo(QueueTicket.Standing.ADMITTED);
    }

    @Test
    void aTenantsOwnPolicyOverridesTheGlobalOneAndTheRejectionNamesTheTenant() {
        Rejection rejection = rejection(admission, from("/team-a/etl", "parallelism", 5), Optional.empty());

        assertThat(rejection.reason()).isEqualTo(RejectionReason.POLICY_VIOLATION);
        assertThat(rejection.message()).isEqualTo("the launch asks for what the policy of tenant 'team-a' does not allow");
        assertThat(rejection.errors()).extracting(FieldError::field, FieldError::message)
                .containsExactly(tuple("/parallelism", "parallelism 5 is above the limit of 4"));
        assertThat(rejection.job()).startsWith("fling-");
    }

    @Test
    void whatATenantLeavesOutComesFromTheGlobalPolicy() {
        Rejection rejection = rejection(admission, from("/team-b/etl", "namespace", "default"), Optional.empty());
        assertThat(rejection.message()).contains("tenant 'team-b'");
        assertThat(rejection.errors()).extracting(FieldError::field).containsExactly("/namespace");
        assertThat(admission.admit(from("/team-b/etl", "namespace", "team-b", "parallelism", 40)))
                .as("team-b keeps the global max-parallelism of 64").isInstanceOf(Command.Launch.class);
    }

    @Test
    void aPriorityAboveTheTenantsCapIsRefused() {
        Rejection rejection = rejection(admission, from("/team-a/etl", "priority", 7), Optional.empty());
        assertThat(rejection.errors()).extracting(FieldError::field, FieldError::message)
                .containsExactly(tuple("/priority", "priority 7 is above the limit of 5"));
    }

    @Test
    void aLaunchThatCouldNeverFitInItsTenantsQuotaIsRefused() {
        Rejection rejection = rejection(admission, from("/team-c/etl", "parallelism", 2), Optional.empty());
        assertThat(rejection.reason()).isEqualTo(RejectionReason.POLICY_VIOLATION);
        assertThat(rejection.message()).isEqualTo("the launch could never run within the quota of tenant 'team-c': "
                + "memory of 3221225472 bytes is above the total of 2147483648 bytes");
    }

    @Test
    void aLaunchThatCouldNeverFitInTheGlobalQuotaIsRefused() {
        Admission small = admission("fling.quota.max-total-parallelism", "2");
        Rejection rejection = rejection(small, from("/x", "parallelism", 3), Optional.empty());
        assertThat(rejection.message()).isEqualTo("the launch could never run within the global quota: "
                + "parallelism 3 is above the total of 2");
    }

    @Test
    void anUnknownSourceIsRefusedWhenSoConfigured() {
        Admission strict = admission("fling.tenants.unknown-sources", "reject", "fling.tenants.a.sources", "/a");
        Rejection rejection = rejection(strict, from("/b"), Optional.empty());
        assertThat(rejection.reason()).isEqualTo(RejectionReason.POLICY_VIOLATION);
        assertThat(rejection.message()).isEqualTo(
                "source '/b' is in no tenant, and fling.tenants.unknown-sources is reject");
    }

    @Test
    void aCallerMaySendOnlyInTheNameOfTenantsThatAllowIt() {
        assertThat(admission.admit(from("/team-a/etl"), Optional.of("system:serviceaccount:team-a:argo")))
                .isInstanceOf(Command.Launch.class);

        Rejection rejection = rejection(admission, from("/team-a/etl"),
                Optional.of("system:serviceaccount:team-b:argo"));
        assertThat(rejection.reason()).isEqualTo(RejectionReason.POLICY_VIOLATION);
        assertThat(rejection.message()).isEqualTo(
                "'system:serviceaccount:team-b:argo' may not send in the name of tenant 'team-a'");
    }

    @Test
    void aTenantWithoutAllowedSubjectsTakesAnyCallerLetIn() {
        assertThat(admission.admit(from("/team-b/etl", "namespace", "team-b"), Optional.of("anyone")))
                .isInstanceOf(Command.Launch.class);
    }

    private static CloudEvent from(String source, Object... data) {
        return CloudEventBuilder.v1(Requests.launch(Requests.launchData(data))).withSource(URI.create(source)).build();
    }

    private static Rejection rejection(Admission admission, CloudEvent request, Optional<String> subject) {
        try {
            throw new AssertionError("admitted: " + admission.admit(request, subject));
        } catch (RequestRejectedException e) {
            return e.rejection();
        }
    }

    /** Admission with these tenant, quota and policy properties over the documented defaults. */
    static Admission admission(String... properties) {
        Tenants tenants = new Tenants(TestingConfig.of(TenantsConfig.class, properties),
                TestingConfig.of(QuotaConfig.class, properties), OptionalInt.empty());
        return new Admission(new DataSchemas(), new LaunchDefinitions(TestingConfig.of(DefaultsConfig.class),
                Clock.fixed(Instant.parse("2026-12-03T01:00:00Z"), ZoneOffset.UTC)),
                TestingConfig.of(PolicyConfig.class, properties), tenants, new ObjectMapper());
    }
}
