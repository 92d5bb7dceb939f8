package dev.fling.tracking;

import dev.fling.events.payload.EventData;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;

/**
 * Exports where launches spend their time: every {@code started} that carries launch phases adds
 * each phase to {@code fling_launch_phase_seconds{phase,start}}, so that a dashboard shows which
 * phase grows when launches get slow, and how warm starts compare with cold ones.
 */
final class LaunchPhaseMeter {

    static final String NAME = "fling.launch.phase";

    private final MeterRegistry meters;

    LaunchPhaseMeter(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Records the phases of an announced event, if it is a {@code started} that has them. */
    void announced(EventData event) {
        if (!(event instanceof EventData.Started started) || started.start() == null || started.phases() == null) {
            return;
        }
        for (Map.Entry<String, Long> phase : started.phases().entrySet()) {
            Timer.builder(NAME)
                    .description("Time a launch spent in each phase on its way to RUNNING")
                    .tags("phase", phase.getKey(), "start", started.start().wire())
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(10))
                    .maximumExpectedValue(Duration.ofMinutes(10))
                    .register(meters)
                    .record(Duration.ofMillis(phase.getValue()));
        }
    }
}
