package dev.fling.query;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code label=key=value} filters of {@code GET /jobs} and {@code GET /events}: all must match. */
public final class LabelSelector {

    private LabelSelector() {}

    /** Reads the repeated parameter; one without a key is the caller's mistake. */
    public static Map<String, String> parse(List<String> labels) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String label : labels) {
            int equals = label.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("a label filter is key=value, not '" + label + "'");
            }
            pairs.put(label.substring(0, equals), label.substring(equals + 1));
        }
        return pairs;
    }
}
