package dev.fling.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fling.runtime.local.LocalCapacity.Move;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LocalCapacityTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "a launch that fits a ready pooled cluster takes it,             0, 1, 1, 2, WARM",
        "even when every other place runs a job,                         1, 1, 1, 2, WARM",
        "a launch that fits no pooled cluster starts one in a free place, 0, 1, 0, 2, COLD",
        "without a pool a free place is taken,                           1, 0, 0, 2, COLD",
        "an idle pooled cluster gives its place up rather than hold a launch back, 1, 1, 0, 2, COLD_IN_POOLED_PLACE",
        "so does one still starting,                                     0, 2, 0, 2, COLD_IN_POOLED_PLACE",
        "every place running a job means waiting whether there is a pool or not, 2, 0, 0, 2, WAIT",
    })
    void nextLaunch(String rule, int running, int pooled, int fitting, int max, Move move) {
        assertThat(LocalCapacity.next(running, pooled, fitting, max)).as(rule).isEqualTo(move);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "an empty pool with room refills,                           0, 0, 0, 1, 2, false, false, true",
        "a full pool does not,                                      0, 1, 0, 1, 2, false, false, false",
        "a pool refills one cluster at a time,                      0, 1, 1, 2, 2, false, false, false",
        "a pool never takes the last place a job runs in,           2, 0, 0, 1, 2, false, false, false",
        "a pool refills into a place no job runs in,                1, 0, 0, 1, 2, false, false, true",
        "a pool waits while launches wait for a place,              0, 0, 0, 1, 2, true, false, false",
        "a pool waits while a job it handed out is on its way to running, 1, 0, 0, 1, 2, false, true, false",
        "a pool of size 0 is off,                                   0, 0, 0, 0, 2, false, false, false",
    })
    void refill(String rule, int running, int pooled, int starting, int size, int max, boolean waiting,
            boolean warmStartUnderWay, boolean refill) {
        assertThat(LocalCapacity.refill(running, pooled, starting, size, max, waiting, warmStartUnderWay)).as(rule)
                .isEqualTo(refill);
    }
}
