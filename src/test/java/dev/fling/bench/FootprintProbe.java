package dev.fling.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process's memory as an operator would look at it: heap in use right after a full collection
 * ({@code jcmd GC.run}, then {@code GC.heap_info}), so that garbage is not counted, and resident
 * set size from /proc.
 */
final class FootprintProbe {

    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");
    private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

    private FootprintProbe() {}

    record Footprint(long heapBytes, long rssBytes) {}

    static Footprint of(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        long heap = kilobytes(HEAP_USED, jcmd(pid, "GC.heap_info"));
        long rss = kilobytes(RSS, Files.readString(Path.of("/proc", Long.toString(pid), "status")));
        return new Footprint(heap, rss);
    }

    /** Runs a diagnostic command in the process and returns what it printed. */
    static String jcmd(long pid, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid)));
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(line + " failed: " + output);
        }
        return output;
    }

    private static long kilobytes(Pattern pattern, String text) throws IOException {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new IOException("no " + pattern + " in: " + text);
        }
        return Long.parseLong(matcher.group(1)) * 1024;
    }
}
