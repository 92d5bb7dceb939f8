package dev.fling.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fling.chaos.ChaosPlan;
import dev.fling.chaos.ChaosRun;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * scripts/chaos's other targets, short, in scripts/slow-tests: two instances with the leader
 * killed, and the local runtime with real Flink clusters whose JobManagers and TaskManagers are
 * killed. Each takes minutes on two cores (Flink clusters, lease take-overs), beyond CI's budget;
 * ChaosIT keeps the operator runtime in every build. A new seed each run; a failure names it.
 */
@Tag("slow")
class ChaosSlowIT {

    @Test
    void theInvariantsHoldWhenTheLeaderOfTwoInstancesIsKilled() throws Exception {
        long seed = new Random().nextInt(1_000_000);
        assertThat(withPatience(() -> ChaosRun.run(ChaosPlan.Profile.HA, 90, seed)))
                .as("chaos run --ha with seed %d held (its table is in the output)", seed).isTrue();
    }

    @Test
    void theInvariantsHoldOnTheLocalRuntimeWhenFlinkProcessesAreKilled() throws Exception {
        long seed = new Random().nextInt(1_000_000);
        assertThat(withPatience(() -> ChaosRun.run(ChaosPlan.Profile.LOCAL, 15, seed)))
                .as("chaos run --runtime local with seed %d held (its table is in the output)", seed).isTrue();
    }

    private static boolean withPatience(java.util.concurrent.Callable<Boolean> run) throws Exception {
        // Restarts are part of the run: on a loaded machine a start can take longer than the usual minute.
        String before = System.setProperty("fling.process.ready-within", "240");
        try {
            return run.call();
        } finally {
            if (before == null) {
                System.clearProperty("fling.process.ready-within");
            } else {
                System.setProperty("fling.process.ready-within", before);
            }
        }
    }
}
