package dev.fling.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RateScheduleTest {

    @Test
    void eachPeriodRunsFromItsSecondUntilTheNext() {
        RateSchedule schedule = RateSchedule.parse("0:50,20:2000,60:50", 1);

        assertEquals(50, schedule.rateAt(0));
        assertEquals(50, schedule.rateAt(19_999));
        assertEquals(2000, schedule.rateAt(20_000));
        assertEquals(2000, schedule.rateAt(59_999));
        assertEquals(50, schedule.rateAt(600_000));
    }

    @Test
    void aScheduleThatStartsLaterRunsTheConstantRateUntilItsFirstPeriod() {
        RateSchedule schedule = RateSchedule.parse("30:400", 50);

        assertEquals(50, schedule.rateAt(29_000));
        assertEquals(400, schedule.rateAt(30_000));
    }

    @Test
    void periodsThatDoNotRiseOrRatesThatAreNotPositiveAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> RateSchedule.parse("0:50,20:10,10:5", 1));
        assertThrows(IllegalArgumentException.class, () -> RateSchedule.parse("0:0", 1));
        assertThrows(IllegalArgumentException.class, () -> RateSchedule.parse("0-50", 1));
    }
}
