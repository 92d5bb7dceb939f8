package dev.fling.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoublePredicate;

/** The run's table: one row per figure, min / median / max across rounds, and its target beside the median. */
final class Table {

    private final List<String> rows = new ArrayList<>(List.of(
            "| figure | min | median | max | target |",
            "| --- | --- | --- | --- | --- |"));
    private final List<String> missed = new ArrayList<>();

    /** A figure without a target. */
    Table row(String figure, String format, List<Double> rounds) {
        return row(figure, format, rounds, "", null);
    }

    /** A figure whose median is held against a target. */
    Table row(String figure, String format, List<Double> rounds, String target, DoublePredicate met) {
        double median = Stats.median(rounds);
        String verdict = "";
        if (met != null) {
            boolean ok = met.test(median);
            verdict = target + ": " + (ok ? "met" : "**MISSED**");
            if (!ok) {
                missed.add(figure);
            }
        }
        rows.add(String.format("| %s | %s | %s | %s | %s |", figure, String.format(format, Stats.min(rounds)),
                String.format(format, median), String.format(format, Stats.max(rounds)), verdict));
        return this;
    }

    List<String> missed() {
        return List.copyOf(missed);
    }

    String markdown() {
        return String.join("\n", rows) + "\n";
    }
}
