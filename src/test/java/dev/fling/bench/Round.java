package dev.fling.bench;

import java.util.List;

/** What one round measured: each request's latency in milliseconds, and how many a second went through. */
record Round(List<Double> latenciesMillis, double perSecond) {

    double percentile(double p) {
        return Stats.percentile(latenciesMillis, p);
    }

    /** Latencies from one clock's start times to another's stop times, and the rate from first start to last stop. */
    static Round between(java.util.Map<String, Long> started, java.util.function.Function<String, Long> stopped) {
        List<Double> latencies = new java.util.ArrayList<>(started.size());
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (var entry : started.entrySet()) {
            long stop = stopped.apply(entry.getKey());
            latencies.add((stop - entry.getValue()) / 1e6);
            first = Math.min(first, entry.getValue());
            last = Math.max(last, stop);
        }
        return new Round(latencies, started.size() / ((last - first) / 1e9));
    }
}
