package dev.fling.cli.command;

import java.time.Duration;
import picocli.CommandLine.Option;

/** Whether to wait for the outcome, printing each event as it arrives, and for how long at most. */
final class WaitOptions {

    @Option(names = {"-w", "--wait"}, order = 60,
            description = "Wait for the outcome, printing each lifecycle event as it arrives; the exit code says how it ended.")
    boolean wait;

    @Option(names = "--timeout", paramLabel = "DURATION", order = 61, converter = DurationConverter.class,
            description = "With --wait: give up waiting after this long (exit 15); the job goes on. Default: no limit.")
    Duration timeout;
}
