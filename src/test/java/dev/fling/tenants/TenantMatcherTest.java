package dev.fling.tenants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which tenant a CloudEvents source belongs to. */
class TenantMatcherTest {

    private final TenantMatcher matcher = new TenantMatcher(ordered(
            "team-a", List.of("/team-a/*", "/billing"),
            "team-b", List.of("/team-b/*", "/team-a/shared/*"),
            "ops", List.of("/team-a/shared/cron")));

    @Test
    void anExactSourceBelongsToItsTenant() {
        assertThat(matcher.tenantOf("/billing")).contains("team-a");
    }

    @Test
    void aPrefixTakesEverySourceBelowIt() {
        assertThat(matcher.tenantOf("/team-a/orders")).contains("team-a");
        assertThat(matcher.tenantOf("/team-b/x/y")).contains("team-b");
    }

    @Test
    void theLongestPrefixWins() {
        assertThat(matcher.tenantOf("/team-a/shared/reports")).contains("team-b");
    }

    @Test
    void anExactSourceWinsOverAnyPrefix() {
        assertThat(matcher.tenantOf("/team-a/shared/cron")).contains("ops");
    }

    @Test
    void aSourceNoTenantClaimsHasNone() {
        assertThat(matcher.tenantOf("/team-c/x")).isEmpty();
        assertThat(matcher.tenantOf("/billing/x")).as("an exact value is not a prefix").isEmpty();
    }

    @Test
    void aSourceInTwoTenantsIsRefusedNamingBothProperties() {
        assertThatThrownBy(() -> new TenantMatcher(ordered("b", List.of("/x"), "a", List.of("/y", "/x"))))
                .hasMessage("source '/x' is in two tenants: fling.tenants.a.sources and fling.tenants.b.sources");
        assertThatThrownBy(() -> new TenantMatcher(ordered("a", List.of("/x/*"), "b", List.of("/x/*"))))
                .hasMessageContaining("source '/x/*' is in two tenants");
    }

    private static Map<String, List<String>> ordered(Object... pairs) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> sources = (List<String>) pairs[i + 1];
            map.put((String) pairs[i], sources);
        }
        return map;
    }
}
