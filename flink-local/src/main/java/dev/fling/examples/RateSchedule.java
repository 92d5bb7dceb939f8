package dev.fling.examples;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Records per second by period, counted from a start: {@code 0:50,20:2000,60:50} is 50/s for the
 * first 20 s, 2000/s until 60 s, then 50/s for good. A load step for the autoscaler to follow.
 */
final class RateSchedule implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long[] fromSeconds;
    private final double[] rates;

    private RateSchedule(long[] fromSeconds, double[] rates) {
        this.fromSeconds = fromSeconds;
        this.rates = rates;
    }

    /** One rate from the start. */
    static RateSchedule constant(double rate) {
        return new RateSchedule(new long[] {0}, new double[] {rate});
    }

    /**
     * Reads {@code <second>:<records/s>,...}; the seconds must rise and start at 0 (or a constant
     * {@code fallback} rate runs until the first period).
     */
    static RateSchedule parse(String schedule, double fallback) {
        List<long[]> periods = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        for (String period : schedule.split(",")) {
            String[] parts = period.trim().split(":");
            if (parts.length != 2) {
                throw new IllegalArgumentException("--rate-schedule: '" + period + "' is not <second>:<records/s>");
            }
            long from = Long.parseLong(parts[0].trim());
            double rate = Double.parseDouble(parts[1].trim());
            if (rate <= 0 || (!periods.isEmpty() && from <= periods.get(periods.size() - 1)[0]) || from < 0) {
                throw new IllegalArgumentException("--rate-schedule: periods must start at rising seconds with a "
                        + "positive rate: " + schedule);
            }
            periods.add(new long[] {from});
            rates.add(rate);
        }
        if (periods.isEmpty() || periods.get(0)[0] != 0) {
            periods.add(0, new long[] {0});
            rates.add(0, fallback);
        }
        return new RateSchedule(periods.stream().mapToLong(p -> p[0]).toArray(),
                rates.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The rate {@code elapsedMillis} after the start. */
    double rateAt(long elapsedMillis) {
        double rate = rates[0];
        for (int i = 0; i < fromSeconds.length && fromSeconds[i] * 1000 <= elapsedMillis; i++) {
            rate = rates[i];
        }
        return rate;
    }
}
