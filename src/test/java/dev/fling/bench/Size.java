package dev.fling.bench;

import java.util.List;

/**
 * How much one run does. The default stays under five minutes on two cores; {@code --full} is the
 * issue's full size (5,000 launches per round, 10,000 tracked jobs, which stay tracked for the
 * rest of the run; Fling gets a 512 MB heap for it); {@code --smoke} only checks that every phase runs.
 */
record Size(String name, int requests, int rate, int rounds, int completions, int completionRate,
        int httpRequests, int httpConcurrency, List<Integer> tracked) {

    static final Size DEFAULT = new Size("default", 1_000, 200, 3, 500, 100, 600, 8, List.of(1_000));
    /** Just enough of each phase to see that the benchmark works, not to measure anything. */
    static final Size SMOKE = new Size("smoke (--smoke)", 100, 200, 1, 50, 100, 100, 4, List.of(200));
    static final Size FULL = new Size("full (--full)", 5_000, 200, 5, 2_000, 100, 5_000, 8, List.of(1_000, 10_000));
}
