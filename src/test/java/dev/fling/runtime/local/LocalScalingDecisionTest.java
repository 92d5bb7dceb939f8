package dev.fling.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fling.runtime.local.LocalScalingDecision.Decision;
import dev.fling.runtime.local.LocalScalingDecision.Sample;
import dev.fling.runtime.local.LocalScalingDecision.Vertex;
import dev.fling.runtime.local.LocalScalingDecision.VertexMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LocalScalingDecisionTest {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    /** Target 0.5 within 0.3 (no resize between 200 and 800 ms/s busy), window 10 s, stabilization 20 s, scale-down delay 30 s. */
    private static final AutoscaleSettings SETTINGS = new AutoscaleSettings(1, 3, 0.5, 0.3, Duration.ofSeconds(10),
            Duration.ofSeconds(20), Duration.ofSeconds(30), 0.6);

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "a vertex busy above its target plus the boundary scales up,        1, 950,   0, 1, 3, 128, 60, -1, 2",
        "as far as the busy time asks but within the upper bound,             2, 1000,  0, 1, 3, 128, 60, -1, 3",
        "and never beyond the vertex's own max parallelism,                 1, 1000,  0, 1, 3,   2, 60, -1, 2",
        "a vertex within the boundary keeps its parallelism,                2, 600,   0, 1, 3, 128, 60, -1, 2",
        "an idle vertex scales down once its delay has passed,              2, 30,    0, 1, 3, 128, 60, 40, 1",
        "by at most the scale-down factor at a time,                        3, 30,    0, 1, 3, 128, 60, 40, 2",
        "and never below the lower bound,                                   2, 30,    0, 2, 3, 128, 60, 40, 2",
        "a scale-down waits for its delay,                                  2, 30,    0, 1, 3, 128, 60, 10, 2",
        "the first wish to scale down starts the delay,                     2, 30,    0, 1, 3, 128, 60, -1, 2",
        "a vertex waiting on its downstream is not scaled down,             2, 30,  600, 1, 3, 128, 60, 40, 2",
        "but one that is busy too is scaled up,                             1, 900, 200, 1, 3, 128, 60, -1, 2",
        "nothing changes while the job stabilizes after its last change,    1, 950,   0, 1, 3, 128, 15, -1, 1",
        "nor before a full window of metrics since it stabilized,           1, 950,   0, 1, 3, 128, 25, -1, 1",
    })
    void rule(String rule, int parallelism, double busy, double backPressured, int min, int max, int vertexMax,
            int stableSecondsAgo, int scaleDownWantedSecondsAgo, int expected) {
        AutoscaleSettings settings = new AutoscaleSettings(min, max, 0.5, 0.3, Duration.ofSeconds(10),
                Duration.ofSeconds(20), Duration.ofSeconds(30), 0.6);
        Map<String, Instant> wanted = scaleDownWantedSecondsAgo < 0 ? Map.of()
                : Map.of("v", NOW.minusSeconds(scaleDownWantedSecondsAgo));

        Decision decision = LocalScalingDecision.decide(settings, Map.of("v", new Vertex(parallelism, vertexMax)),
                steady(new VertexMetrics(busy, backPressured, 100), stableSecondsAgo),
                NOW.minusSeconds(stableSecondsAgo), wanted, NOW);

        assertThat(decision.parallelism().getOrDefault("v", parallelism)).as(rule).isEqualTo(expected);
        assertThat(decision.resizes()).as(rule).isEqualTo(expected != parallelism);
    }

    @Test
    void withoutMetricsThereIsNoDecision() {
        Decision decision = LocalScalingDecision.decide(SETTINGS, Map.of("v", new Vertex(1, 128)),
                steady(new VertexMetrics(Double.NaN, Double.NaN, Double.NaN), 60), NOW.minusSeconds(60), Map.of(), NOW);

        assertThat(decision.resizes()).isFalse();
        assertThat(decision.reason()).isEqualTo("no metrics of any vertex");
    }

    @Test
    void withoutAnySampleThereIsNoDecision() {
        Decision decision = LocalScalingDecision.decide(SETTINGS, Map.of("v", new Vertex(1, 128)), List.of(),
                NOW.minusSeconds(60), Map.of(), NOW);

        assertThat(decision.resizes()).isFalse();
        assertThat(decision.reason()).isEqualTo("collecting metrics for a full window of 10 s");
    }

    @Test
    void theFirstWishToScaleDownIsRememberedAndAResizeForgetsIt() {
        Map<String, Vertex> vertices = Map.of("idle", new Vertex(2, 128), "busy", new Vertex(1, 128));
        List<Sample> samples = new ArrayList<>();
        for (int ago = 60; ago >= 0; ago -= 2) {
            samples.add(new Sample(NOW.minusSeconds(ago), Map.of("idle", new VertexMetrics(30, 0, 10),
                    "busy", new VertexMetrics(500, 0, 10))));
        }

        Decision first = LocalScalingDecision.decide(SETTINGS, vertices, samples, NOW.minusSeconds(60), Map.of(), NOW);
        assertThat(first.resizes()).isFalse();
        assertThat(first.scaleDownWantedSince()).containsExactly(Map.entry("idle", NOW));

        Instant later = NOW.plusSeconds(31);
        samples.add(new Sample(later, Map.of("idle", new VertexMetrics(30, 0, 10), "busy", new VertexMetrics(500, 0, 10))));
        Decision second = LocalScalingDecision.decide(SETTINGS, vertices, samples, NOW.minusSeconds(60),
                first.scaleDownWantedSince(), later);
        assertThat(second.parallelism()).containsExactlyInAnyOrderEntriesOf(Map.of("idle", 1, "busy", 1));
        assertThat(second.scaleDownWantedSince()).isEmpty();
    }

    @Test
    void theReasonNamesEachResizedVertexLikeTheAutoscalersScalingReport() {
        Decision decision = LocalScalingDecision.decide(SETTINGS, Map.of("a1", new Vertex(1, 128),
                "b2", new Vertex(1, 128)), steady(Map.of("a1", new VertexMetrics(900, 0, 180),
                        "b2", new VertexMetrics(400, 0, 180)), 60), NOW.minusSeconds(60), Map.of(), NOW);

        assertThat(decision.parallelism()).containsExactlyInAnyOrderEntriesOf(Map.of("a1", 2, "b2", 1));
        assertThat(decision.reason()).isEqualTo("Scaling vertices: { Vertex ID a1 | Parallelism 1 -> 2 | Busy 900 ms/s, "
                + "target 500 ms/s | Processing capacity 200.00 -> 400.00 | Target data rate 180.00 }");
    }

    @Test
    void onlyTheSamplesOfTheLastWindowCount() {
        List<Sample> samples = new ArrayList<>();
        for (int ago = 60; ago > 10; ago -= 2) {
            samples.add(new Sample(NOW.minusSeconds(ago), Map.of("v", new VertexMetrics(1000, 0, 10))));
        }
        for (int ago = 10; ago >= 0; ago -= 2) {
            samples.add(new Sample(NOW.minusSeconds(ago), Map.of("v", new VertexMetrics(500, 0, 10))));
        }

        Decision decision = LocalScalingDecision.decide(SETTINGS, Map.of("v", new Vertex(1, 128)), samples,
                NOW.minusSeconds(60), Map.of(), NOW);

        assertThat(decision.resizes()).as("the load fell within the window: no scale-up").isFalse();
    }

    @Test
    void flinkDurationsAreReadAsTheAutoscalerReadsThem() {
        assertThat(AutoscaleSettings.duration("30 s", Duration.ZERO)).isEqualTo(Duration.ofSeconds(30));
        assertThat(AutoscaleSettings.duration("5min", Duration.ZERO)).isEqualTo(Duration.ofMinutes(5));
        assertThat(AutoscaleSettings.duration("1h", Duration.ZERO)).isEqualTo(Duration.ofHours(1));
        assertThat(AutoscaleSettings.duration("1500", Duration.ZERO)).isEqualTo(Duration.ofMillis(1500));
        assertThat(AutoscaleSettings.duration("PT2M", Duration.ZERO)).isEqualTo(Duration.ofMinutes(2));
        assertThat(AutoscaleSettings.duration("soon", Duration.ofSeconds(9))).isEqualTo(Duration.ofSeconds(9));
    }

    private static List<Sample> steady(VertexMetrics metrics, int secondsAgo) {
        return steady(Map.of("v", metrics), secondsAgo);
    }

    /** A sample every 2 s from {@code secondsAgo} until now, all alike. */
    private static List<Sample> steady(Map<String, VertexMetrics> metrics, int secondsAgo) {
        List<Sample> samples = new ArrayList<>();
        for (int ago = secondsAgo; ago >= 0; ago -= 2) {
            samples.add(new Sample(NOW.minusSeconds(ago), metrics));
        }
        return samples;
    }
}
