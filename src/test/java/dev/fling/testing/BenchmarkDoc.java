package dev.fling.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** docs/benchmarks.md, where each benchmark script rewrites its own section and leaves the others alone. */
public final class BenchmarkDoc {

    private static final Path DOC = Path.of("docs", "benchmarks.md");

    private BenchmarkDoc() {}

    /**
     * Replaces the section starting with {@code heading} (up to the next {@code ## }) with
     * {@code section}, in place; appends it when the document has none yet.
     */
    public static Path writeSection(String heading, String section) throws IOException {
        String existing = Files.exists(DOC) ? Files.readString(DOC, StandardCharsets.UTF_8) : "# Benchmarks\n";
        String body = section.stripTrailing() + "\n";
        int from = existing.indexOf(heading);
        String updated;
        if (from >= 0) {
            int to = existing.indexOf("\n## ", from + 1);
            updated = existing.substring(0, from) + body + (to >= 0 ? "\n" + existing.substring(to + 1) : "");
        } else {
            updated = existing.stripTrailing() + "\n\n" + body;
        }
        Files.createDirectories(DOC.getParent());
        Files.writeString(DOC, updated, StandardCharsets.UTF_8);
        return DOC;
    }
}
