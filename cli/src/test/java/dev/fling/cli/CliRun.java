package dev.fling.cli;

import dev.fling.cli.http.Sleeper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;

/** The command line run in-process, as a user would run it, with what it printed and its exit code. */
public record CliRun(int exitCode, String out, String err) {

    /** Runs with a real clock, times shown in UTC, and a stream idle limit of {@code idleLimit}. */
    public static CliRun of(Map<String, String> env, Duration idleLimit, String... args) {
        return of(env, Clock.systemUTC(), Sleeper.REAL, idleLimit, args);
    }

    public static CliRun of(Map<String, String> env, String... args) {
        return of(env, Duration.ofSeconds(60), args);
    }

    public static CliRun of(Map<String, String> env, Clock clock, Sleeper sleeper, Duration idleLimit, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Fling.run(new Context(env, outStream, errStream, clock, sleeper, ZoneOffset.UTC, idleLimit), args);
        }
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
