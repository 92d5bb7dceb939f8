package dev.fling.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fling.runtime.LaunchPhases;
import dev.fling.runtime.rest.FlinkRestModel.JobDetails;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalLaunchPhasesTest {

    private static final long T0 = 1_700_000_000_000L;

    @Test
    void aColdStartSplitsAtTheJobManagerAnsweringAndFlinksOwnTimestamps() {
        LocalJob job = job(LaunchPhases.Start.COLD, T0 + 20, T0 + 3000);

        LaunchPhases phases = LocalLaunchPhases.of(job, details(T0 + 3500, T0 + 4100));

        assertThat(phases.start()).isEqualTo(LaunchPhases.Start.COLD);
        assertThat(phases.phases()).containsExactly(Map.entry("queued", 20L), Map.entry("cluster", 2980L),
                Map.entry("submitted", 500L), Map.entry("running", 600L));
    }

    @Test
    void anApplicationClusterThatHadItsJobAtTheFirstAnswerWasReadyWhenItReceivedIt() {
        LocalJob job = job(LaunchPhases.Start.COLD, T0 + 20, 0);

        LaunchPhases phases = LocalLaunchPhases.of(job, details(T0 + 3500, T0 + 4100));

        assertThat(phases.phases()).containsExactly(Map.entry("queued", 20L), Map.entry("cluster", 3480L),
                Map.entry("submitted", 0L), Map.entry("running", 600L));
    }

    @Test
    void aWarmStartHasNoClusterToWaitFor() {
        LocalJob job = job(LaunchPhases.Start.WARM, T0 + 20, T0 + 20);

        LaunchPhases phases = LocalLaunchPhases.of(job, details(T0 + 400, T0 + 650));

        assertThat(phases.start()).isEqualTo(LaunchPhases.Start.WARM);
        assertThat(phases.phases()).containsExactly(Map.entry("queued", 20L), Map.entry("cluster", 0L),
                Map.entry("submitted", 380L), Map.entry("running", 250L));
    }

    private static LocalJob job(LaunchPhases.Start start, long began, long ready) {
        LocalJob job = new LocalJob();
        job.queuedAtMillis = T0;
        job.cluster = new LocalJob.Cluster();
        job.cluster.start = start;
        job.cluster.beganAtMillis = began;
        job.cluster.readyAtMillis = ready;
        return job;
    }

    private static JobDetails details(long submitted, long running) {
        return new JobDetails("RUNNING", 1, true, true, submitted, running);
    }
}
