package dev.fling.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @Test
    void readsWhatPeopleWrite() {
        assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("PT45S")).isEqualTo(Duration.ofSeconds(45));
        assertThat(Durations.parse("0")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "30", "m", "1x", "1h 30m", "-5m", "PT"})
    void refusesAnythingElseSayingWhatIsAccepted(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).hasMessageContaining("is not a duration");
    }

    @Test
    void formatsBackToWhatItReads() {
        for (String text : new String[] {"2m", "1h30m", "500ms", "1h0m5s".replace("0m", "")}) {
            assertThat(Durations.format(Durations.parse(text))).isEqualTo(text);
        }
    }

    @Test
    void aBadDurationOnTheCommandLineIsAUsageError() {
        CliRun run = CliRun.of(java.util.Map.of(), "launch", "--jar", "x", "--deadline", "soon");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'soon' is not a duration");
    }
}
