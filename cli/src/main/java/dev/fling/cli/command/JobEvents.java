package dev.fling.cli.command;

import dev.fling.cli.CliFailure;
import dev.fling.cli.Context;
import dev.fling.cli.Durations;
import dev.fling.cli.ExitCode;
import dev.fling.cli.http.FlingClient;
import dev.fling.cli.output.EventPrinter;
import dev.fling.cli.stream.EventFollower;
import dev.fling.cli.stream.WaitRule;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Follows one job's event stream ({@code GET /jobs/NAME/events}), printing each event, until a {@link WaitRule} is met. */
final class JobEvents {

    private final Context context;
    private final FlingClient client;
    private final EventPrinter printer;

    JobEvents(Context context, FlingClient client, EventPrinter printer) {
        this.context = context;
        this.client = client;
        this.printer = printer;
    }

    /**
     * Prints the job's events from its start, or right after the event {@code resumeAfter}, except
     * the one with id {@code printed} (the answer to the request, already shown), until
     * {@code rule} says it is over; gives up after {@code timeout} (null: no limit) with
     * {@link ExitCode#GAVE_UP}.
     */
    ExitCode follow(String job, Duration timeout, Optional<String> resumeAfter, Optional<String> printed,
            WaitRule rule) {
        Instant deadline = timeout == null ? Instant.MAX : context.clock().instant().plus(timeout);
        Optional<ExitCode> outcome = new EventFollower(client, context.idleLimit())
                .follow(path(job), resumeAfter, deadline, event -> {
                    if (!printed.equals(Optional.of(event.path("id").asText()))) {
                        printer.print(event);
                    }
                    return rule.decide(event);
                });
        return outcome.orElseThrow(() -> new CliFailure(ExitCode.GAVE_UP, (timeout == null ? "stopped waiting"
                : "gave up waiting after " + Durations.format(timeout) + " (--timeout)") + "; job " + job + " goes on (follow it with 'fling events "
                + job + " --follow', stop it with 'fling cancel " + job + "')"));
    }

    static String path(String job) {
        return "/jobs/" + job + "/events";
    }

}
