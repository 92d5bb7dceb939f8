package dev.fling.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fling.runtime.local.PoolWarmUp.Step;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PoolWarmUpTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "a cluster whose TaskManager has not registered waits,            false, true,  false, false, WAIT",
        "nor is it ready without a warm-up before it registered,          false, false, false, false, WAIT",
        "a registered cluster is sent its warm-up job,                    true,  true,  false, false, SEND",
        "and waits while the warm-up runs (its slots are busy meanwhile), false, true,  true,  false, WAIT",
        "a warm-up that ended leaves the cluster ready once its slots are free, true, true, true, true, READY",
        "but not before they are free again,                              false, true,  true,  true,  WAIT",
        "without warm-ups a registered cluster is ready at once,          true,  false, false, false, READY",
    })
    void nextStep(String rule, boolean registered, boolean enabled, boolean sent, boolean ended, Step step) {
        assertThat(PoolWarmUp.next(registered, enabled, sent, ended)).as(rule).isEqualTo(step);
    }
}
