package dev.fling.runtime.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns a Java stack trace as Flink prints it (in its REST answers and its logs) into one line a
 * user can act on: each exception of the cause chain, without the wrappers that only repeat the
 * message of the exception they wrap ({@code CompletionException: java.io...: msg}).
 */
public final class FlinkFailures {

    /** Longest message kept: a chain of causes can be long, an event need not be. */
    static final int MAX_LENGTH = 2000;
    private static final String CAUSED_BY = "Caused by: ";
    private static final String SERIALIZED = "org.apache.flink.util.SerializedThrowable: ";
    /** "some.pkg.SomeException: " (or Error, Throwable) at the start of a message. */
    private static final Pattern EXCEPTION_PREFIX =
            Pattern.compile("^(?:[a-zA-Z_$][\\w$]*\\.)*[A-Z][\\w$]*(?:Exception|Error|Throwable): ");

    private FlinkFailures() {}

    /**
     * The cause chain of a printed stack trace, outermost first, joined with "; caused by: ".
     * Lines other than the first and the {@code Caused by:} ones (frames, "... 4 more") are skipped.
     */
    public static String summarize(String stackTrace) {
        List<String> chain = new ArrayList<>();
        boolean first = true;
        for (String line : stackTrace.lines().toList()) {
            String exception;
            if (first) {
                exception = line.strip();
                first = false;
            } else if (line.startsWith(CAUSED_BY)) {
                exception = line.substring(CAUSED_BY.length()).strip();
            } else {
                continue;
            }
            exception = innermost(exception.replace(SERIALIZED, ""));
            if (!exception.isEmpty() && (chain.isEmpty() || !chain.get(chain.size() - 1).equals(exception))) {
                chain.add(exception);
            }
        }
        String summary = String.join("; caused by: ", chain);
        return summary.length() <= MAX_LENGTH ? summary : summary.substring(0, MAX_LENGTH - 3) + "...";
    }

    /** "a.Wrapper: b.Wrapper: c.Real: message" → "c.Real: message". */
    static String innermost(String exception) {
        String current = exception;
        while (true) {
            var prefix = EXCEPTION_PREFIX.matcher(current);
            if (!prefix.find()) {
                return current;
            }
            String rest = current.substring(prefix.end());
            if (!EXCEPTION_PREFIX.matcher(rest).find()) {
                return current;
            }
            current = rest;
        }
    }
}
