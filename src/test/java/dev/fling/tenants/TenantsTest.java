package dev.fling.tenants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fling.testing.TestingConfig;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The tenants as configured, and every configuration mistake that stops Fling at start, naming its property. */
class TenantsTest {

    @Test
    void threeTeamsWithTheirLimitsAndTheDefaultTenantForTheRest() {
        Tenants tenants = tenants(OptionalInt.empty(),
                "fling.tenants.team-a.sources", "/team-a/*",
                "fling.tenants.team-a.max-running-jobs", "2",
                "fling.tenants.team-a.weight", "2",
                "fling.tenants.team-b.sources", "/team-b/*",
                "fling.tenants.team-b.max-total-parallelism", "8",
                "fling.tenants.team-c.sources", "/team-c/*",
                "fling.tenants.team-c.max-total-memory", "16g",
                "fling.tenants.unknown-sources", "default",
                "fling.quota.max-running-jobs", "10");

        assertThat(tenants.of("/team-a/etl").map(Tenant::name)).contains("team-a");
        assertThat(tenants.of("/elsewhere").map(Tenant::name)).contains("default");
        assertThat(tenants.named("team-a").orElseThrow().limits()).isEqualTo(new Limits(2, Limits.NONE, Limits.NONE));
        assertThat(tenants.named("team-a").orElseThrow().weight()).isEqualTo(2);
        assertThat(tenants.named("team-c").orElseThrow().limits().memoryBytes()).isEqualTo(16L << 30);
        assertThat(tenants.global()).isEqualTo(new Limits(10, Limits.NONE, Limits.NONE));
        assertThat(tenants.queueing()).isTrue();
    }

    @Test
    void withoutLimitsNothingQueues() {
        assertThat(tenants(OptionalInt.empty(), "fling.tenants.team-a.sources", "/a").queueing()).isFalse();
    }

    @Test
    void theRuntimesOwnCapIsTheGlobalLimitOfRunningJobs() {
        Tenants tenants = tenants(OptionalInt.of(2), "fling.quota.max-running-jobs", "5");
        assertThat(tenants.global().jobs()).isEqualTo(2);
        assertThat(tenants.queueing()).isTrue();
    }

    @Test
    void unknownSourcesMayBeRefused() {
        Tenants tenants = tenants(OptionalInt.empty(), "fling.tenants.unknown-sources", "reject",
                "fling.tenants.team-a.sources", "/a");
        assertThat(tenants.of("/b")).isEmpty();
        assertThat(tenants.of("/a")).isPresent();
    }

    @Test
    void aSourceInTwoTenantsStopsTheStart() {
        assertThatThrownBy(() -> tenants(OptionalInt.empty(), "fling.tenants.a.sources", "/x,/y",
                "fling.tenants.b.sources", "/y"))
                .hasMessageContaining("fling.tenants.a.sources and fling.tenants.b.sources");
    }

    @Test
    void aNegativeQuotaStopsTheStart() {
        assertThatThrownBy(() -> tenants(OptionalInt.empty(), "fling.tenants.a.sources", "/x",
                "fling.tenants.a.max-running-jobs", "-1"))
                .hasMessage("fling.tenants.a.max-running-jobs must not be negative, not -1");
        assertThatThrownBy(() -> tenants(OptionalInt.empty(), "fling.quota.max-total-parallelism", "-4"))
                .hasMessage("fling.quota.max-total-parallelism must not be negative, not -4");
        assertThatThrownBy(() -> tenants(OptionalInt.empty(), "fling.tenants.a.sources", "/x",
                "fling.tenants.a.max-total-memory", "lots"))
                .hasMessageStartingWith("fling.tenants.a.max-total-memory is not a memory size");
    }

    @Test
    void aTenantWithoutSourcesStopsTheStart() {
        assertThatThrownBy(() -> tenants(OptionalInt.empty(), "fling.tenants.team-x.max-running-jobs", "3"))
                .hasMessageStartingWith("fling.tenants.team-x.sources is missing");
    }

    @Test
    void theDefaultTenantTakesNoSourcesOfItsOwn() {
        assertThatThrownBy(() -> tenants(OptionalInt.empty(), "fling.tenants.default.sources", "/x"))
                .hasMessageStartingWith("fling.tenants.default.sources:");
    }

    @Test
    void theDefaultTenantMayHaveLimits() {
        Tenants tenants = tenants(OptionalInt.empty(), "fling.tenants.default.max-running-jobs", "1");
        assertThat(tenants.of("/anyone").orElseThrow().limits().jobs()).isEqualTo(1);
    }

    @Test
    void aWeightBelowOneOrAPriorityCapOutOfRangeStopsTheStart() {
        assertThatThrownBy(() -> tenants(OptionalInt.empty(), "fling.tenants.a.sources", "/x",
                "fling.tenants.a.weight", "0")).hasMessage("fling.tenants.a.weight must be at least 1, not 0");
        assertThatThrownBy(() -> tenants(OptionalInt.empty(), "fling.tenants.a.sources", "/x",
                "fling.tenants.a.policy.max-priority", "12"))
                .hasMessage("fling.tenants.a.policy.max-priority must be between 0 and 9, not 12");
    }

    @Test
    void aTenantSubjectPatternMatchesTheRest() {
        Tenant tenant = tenants(OptionalInt.empty(), "fling.tenants.a.sources", "/x",
                "fling.tenants.a.allowed-subjects", "system:serviceaccount:team-a:*,alice")
                .named("a").orElseThrow();
        assertThat(tenant.allows("system:serviceaccount:team-a:argo")).isTrue();
        assertThat(tenant.allows("alice")).isTrue();
        assertThat(tenant.allows("system:serviceaccount:team-b:argo")).isFalse();
    }

    @Test
    void anEnvironmentVariableNoTenantCanBeReadFromStopsTheStart() {
        assertThat(Tenants.unreadEnvironment(java.util.Map.of("FLING_TENANTS_TEAM_A_SOURCES", "/a/*",
                "FLING_TENANTS_TEAMB_SOURCES", "/b/*", "FLING_TENANTS_UNKNOWN_SOURCES", "reject", "PATH", "/bin"),
                java.util.Set.of("teamb"))).hasValueSatisfying(problem -> assertThat(problem)
                        .startsWith("FLING_TENANTS_TEAM_A_SOURCES names no tenant Fling can read"));
        assertThat(Tenants.unreadEnvironment(java.util.Map.of("FLING_TENANTS_TEAMB_SOURCES", "/b/*",
                "FLING_TENANTS_TEAM_A_MAX_RUNNING_JOBS", "2"), java.util.Set.of("teamb", "team-a"))).isEmpty();
    }

    static Tenants tenants(OptionalInt runtimeCap, String... properties) {
        return new Tenants(TestingConfig.of(TenantsConfig.class, properties),
                TestingConfig.of(QuotaConfig.class, properties), runtimeCap);
    }
}
