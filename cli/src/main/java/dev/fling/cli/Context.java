package dev.fling.cli;

import dev.fling.cli.http.Sleeper;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

/**
 * What a command reads from and writes to outside its arguments: the environment (FLING_URL,
 * FLING_TOKEN, a workflow engine's run identity), standard output for results, standard error for
 * diagnostics, the clock. Tests give their own.
 *
 * @param idleLimit how long an event stream may stay silent (Fling sends keep-alives) before it is taken as dead
 */
public record Context(Map<String, String> env, PrintStream out, PrintStream err, Clock clock, Sleeper sleeper,
        ZoneId zone, Duration idleLimit) {

    public static Context system() {
        return new Context(System.getenv(), System.out, System.err, Clock.systemUTC(), Sleeper.REAL,
                ZoneId.systemDefault(), Duration.ofSeconds(60));
    }
}
