package dev.fling.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LaunchPhasesTest {

    private static final long T0 = 1_700_000_000_000L;

    @Test
    void phasesAreTheTimesBetweenTheirEndingsInOrder() {
        LaunchPhases phases = LaunchPhases.of(LaunchPhases.Start.COLD, T0, endings(T0 + 5, T0 + 3005, T0 + 3400, T0 + 4000));

        assertThat(phases.phases()).containsExactly(Map.entry("queued", 5L), Map.entry("cluster", 3000L),
                Map.entry("submitted", 395L), Map.entry("running", 600L));
        assertThat(phases.totalMillis()).isEqualTo(4000L);
    }

    @Test
    void anUnknownEndingLeavesItsPhaseOutAndTheNextCountsFromTheLastKnown() {
        LaunchPhases phases = LaunchPhases.of(LaunchPhases.Start.COLD, T0, endings(T0 + 5, 0, T0 + 3400, T0 + 4000));

        assertThat(phases.phases()).containsExactly(Map.entry("queued", 5L), Map.entry("submitted", 3395L),
                Map.entry("running", 600L));
    }

    @Test
    void anEndingBeforeTheLastCountsAsNoTimeRatherThanNegative() {
        LaunchPhases phases = LaunchPhases.of(LaunchPhases.Start.WARM, T0, endings(T0 + 5, T0 + 5, T0 + 2, T0 + 100));

        assertThat(phases.phases()).containsEntry("submitted", 0L).containsEntry("running", 95L);
    }

    @Test
    void anUnknownStartLeavesOnlyThePhasesBetweenKnownEndings() {
        LaunchPhases phases = LaunchPhases.of(LaunchPhases.Start.COLD, 0, endings(T0 + 5, T0 + 3005, 0, T0 + 4000));

        assertThat(phases.phases()).containsExactly(Map.entry("cluster", 3000L), Map.entry("running", 995L));
    }

    @Test
    void theStartIsWrittenInLowerCaseAndKeptWithTheTrackingState() throws Exception {
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        LaunchPhases launch = LaunchPhases.of(LaunchPhases.Start.WARM, T0, endings(T0 + 5, T0 + 5, T0 + 300, T0 + 400));
        TrackingState state = new TrackingState(JobState.RUNNING, Instant.ofEpochMilli(T0), 1, 2, null, null, List.of())
                .withLaunch(launch);

        String json = mapper.writeValueAsString(state);

        assertThat(json).contains("\"start\":\"warm\"").contains("\"phases\":{\"queued\":5,\"cluster\":0,\"submitted\":295,\"running\":100}");
        assertThat(mapper.readValue(json, TrackingState.class)).isEqualTo(state);
        assertThat(mapper.writeValueAsString(state.withLaunch(null))).doesNotContain("launch");
        assertThat(mapper.readValue(mapper.writeValueAsString(state.withLaunch(null)), TrackingState.class).launch())
                .isNull();
    }

    private static Map<String, Long> endings(long queued, long cluster, long submitted, long running) {
        Map<String, Long> endings = new LinkedHashMap<>();
        endings.put(LaunchPhases.QUEUED, queued);
        endings.put(LaunchPhases.CLUSTER, cluster);
        endings.put(LaunchPhases.SUBMITTED, submitted);
        endings.put(LaunchPhases.RUNNING, running);
        return endings;
    }
}
