package dev.fling.runtime.local;

import dev.fling.runtime.rest.FlinkFailures;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads why a JobManager stopped from its log, for failures that happen before any Flink job
 * exists (an entry class not in the jar, a jar that cannot be read): the last error it logged,
 * with its chain of causes. Flink's REST API cannot tell those: the process is gone.
 */
final class JobManagerLog {

    /** Only the end of a long log is read; the error that stopped the process is there. */
    private static final int TAIL_BYTES = 512 * 1024;
    /** A log entry's first line, as {@link ClusterFiles#writeLog4j} lays it out. */
    private static final Pattern ENTRY = Pattern.compile(
            "^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} (\\w+)\\s+(\\S+)\\s+.*? - (.*)$");
    /** Errors the REST handlers log about a caller's request (such as Fling's own polls), not about the job. */
    private static final String REST_HANDLERS = "org.apache.flink.runtime.rest.handler.";

    private JobManagerLog() {}

    /** The last error in the log at {@code file}, or empty when there is none or the log cannot be read. */
    static Optional<String> lastError(LocalJob.Cluster cluster) {
        return lastError(Path.of(cluster.directory, "log", "jobmanager.log"));
    }

    static Optional<String> lastError(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return lastError(tail(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The last error of a log's text: its message, then the causes of the exception logged with it. */
    static Optional<String> lastError(String log) {
        String message = null;
        List<String> trace = new ArrayList<>();
        boolean inError = false;
        for (String line : log.lines().toList()) {
            Matcher entry = ENTRY.matcher(line);
            if (entry.matches()) {
                inError = "ERROR".equals(entry.group(1)) && !entry.group(2).startsWith(REST_HANDLERS);
                if (inError) {
                    message = entry.group(3).strip();
                    trace = new ArrayList<>();
                }
            } else if (inError) {
                trace.add(line);
            }
        }
        if (message == null) {
            return Optional.empty();
        }
        if (trace.isEmpty()) {
            return Optional.of(message);
        }
        String lead = message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
        return Optional.of(lead + ": " + FlinkFailures.summarize(String.join("\n", trace)));
    }

    /** The last {@code lines} lines of the cluster's JobManager log (none when it cannot be read). */
    static List<String> lastLines(LocalJob.Cluster cluster, int lines) {
        Path file = Path.of(cluster.directory, "log", "jobmanager.log");
        if (lines <= 0 || !Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            List<String> all = tail(file).lines().toList();
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String tail(Path file) throws IOException {
        try (RandomAccessFile log = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, log.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) (log.length() - start)];
            log.seek(start);
            log.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
