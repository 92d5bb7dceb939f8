package dev.fling.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fling.cli.Context;
import dev.fling.cli.ExitCode;
import dev.fling.cli.Fling;
import dev.fling.cli.http.FlingClient;
import dev.fling.cli.output.EventPrinter;
import dev.fling.cli.stream.WaitRule;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code fling events JOB}: a job's lifecycle events so far, or with {@code --follow} until it ends. */
@Command(name = "events", mixinStandardHelpOptions = true, versionProvider = Fling.Version.class, sortOptions = false,
        description = {"Print a job's lifecycle events so far. With --follow, go on printing them as they arrive "
            + "until the job ends, and exit with how it ended (like launch --wait)."})
public final class EventsCommand implements Callable<Integer> {

    /** Without --follow, how long the events so far may take to arrive. */
    private static final Duration SO_FAR = Duration.ofSeconds(30);

    @ParentCommand
    private Fling fling;

    @Parameters(index = "0", paramLabel = "JOB", description = "The job's name (the subject of its events).")
    String job;

    @Option(names = {"-f", "--follow"}, order = 1, description = "Go on until the job ends.")
    boolean follow;

    @Option(names = "--timeout", paramLabel = "DURATION", order = 2, converter = DurationConverter.class,
            description = "With --follow: give up after this long (exit 15). Default: no limit.")
    Duration timeout;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        Context context = fling.context();
        FlingClient client = connection.client(context);
        JobEvents events = new JobEvents(context, client, new EventPrinter(context.out(), connection.output,
                context.zone()));
        if (follow) {
            return events.follow(job, timeout, Optional.empty(), Optional.empty(), WaitRule.jobEnds()).code();
        }
        // "So far" is what the job's record lists now; the stream gives each of them in full.
        JsonNode listed = Query.get(client, "/jobs/" + job).path("events");
        if (listed.isEmpty()) {
            return ExitCode.OK.code();
        }
        String last = listed.get(listed.size() - 1).path("id").asText();
        WaitRule upToLast = event -> last.equals(event.path("id").asText())
                ? Optional.of(ExitCode.OK) : WaitRule.jobEnds().decide(event).map(ended -> ExitCode.OK);
        events.follow(job, timeout == null ? SO_FAR : timeout, Optional.empty(), Optional.empty(), upToLast);
        return ExitCode.OK.code();
    }
}
