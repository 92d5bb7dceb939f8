package dev.fling.runtime.operator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flink's {@code pipeline.jobvertex-parallelism-overrides}: a map from job vertex id to
 * parallelism in Flink's map syntax ({@code id:4,id:2}, entries optionally in single quotes), where
 * the operator's autoscaler writes what it decided. Pure.
 */
final class ParallelismOverrides {

    static final String KEY = "pipeline.jobvertex-parallelism-overrides";

    private ParallelismOverrides() {}

    /** The vertices and their parallelism; an entry that is not {@code id:number} is left out. */
    static Map<String, Integer> parse(String value) {
        Map<String, Integer> vertices = new LinkedHashMap<>();
        if (value == null) {
            return vertices;
        }
        for (String entry : value.split(",")) {
            String bare = unquote(entry.trim());
            int colon = bare.lastIndexOf(':');
            if (colon <= 0) {
                continue;
            }
            try {
                int parallelism = Integer.parseInt(bare.substring(colon + 1).trim());
                if (parallelism >= 1) {
                    vertices.put(unquote(bare.substring(0, colon).trim()), parallelism);
                }
            } catch (NumberFormatException e) {
                // not an override Flink would apply either
            }
        }
        return vertices;
    }

    private static String unquote(String text) {
        return text.length() >= 2 && text.startsWith("'") && text.endsWith("'")
                ? text.substring(1, text.length() - 1) : text;
    }
}
