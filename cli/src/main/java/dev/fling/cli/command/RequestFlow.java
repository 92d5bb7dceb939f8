package dev.fling.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fling.cli.CliFailure;
import dev.fling.cli.Context;
import dev.fling.cli.ExitCode;
import dev.fling.cli.http.Answer;
import dev.fling.cli.http.FlingClient;
import dev.fling.cli.http.Request;
import dev.fling.cli.output.BinaryEvent;
import dev.fling.cli.output.EventPrinter;
import dev.fling.cli.request.RequestIds;
import dev.fling.cli.request.RunIdentity;
import dev.fling.cli.stream.WaitRule;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * One request from the command line: choose its id, send it, print Fling's answer (the
 * {@code accepted} event, or the {@code rejected} one with its reasons field by field), and with
 * {@code --wait} follow the job's events until the request's outcome.
 */
final class RequestFlow {

    private static final String TYPE_PREFIX = "dev.fling.job.";

    private final Context context;
    private final ConnectionOptions connection;

    RequestFlow(Context context, ConnectionOptions connection) {
        this.context = context;
        this.connection = connection;
    }

    /**
     * Sends a request of {@code shortType} (launch, rescale, savepoint, cancel) with {@code data};
     * {@code rule} gives, for the request's id, when waiting is over.
     */
    int submit(String shortType, ObjectNode data, RequestOptions options, WaitOptions waiting,
            Function<String, WaitRule> rule) {
        FlingClient client = connection.client(context);
        EventPrinter printer = new EventPrinter(context.out(), connection.output, context.zone());
        String id = id(shortType, data, options);
        Map<String, String> extensions = options.correlation == null ? Map.of()
                : Map.of("correlationid", options.correlation);
        Answer answer = client.send(new Request(TYPE_PREFIX + shortType, id, options.source, extensions, data));
        JsonNode reply = BinaryEvent.structured(answer);
        switch (answer.status()) {
            case 200 -> printer.print(reply);
            case 400 -> {
                printer.print(reply);
                JsonNode why = reply.path("data");
                throw new CliFailure(ExitCode.REJECTED, "Fling rejected the " + shortType + " ("
                        + why.path("reason").asText("no reason given") + "): " + why.path("message").asText(""));
            }
            case 413 -> throw new CliFailure(ExitCode.REJECTED, "Fling rejected the " + shortType
                    + ": larger than it accepts (413)");
            case 202 -> throw new CliFailure(ExitCode.SOFTWARE, "Fling accepted the " + shortType
                    + " but sent no accepted event back (is something in between dropping 'Prefer: reply'?)");
            default -> throw new CliFailure(ExitCode.SOFTWARE, "Fling answered " + answer.status() + " to the "
                    + shortType + ": " + answer.body());
        }
        String job = reply.path("subject").asText(reply.path("data").path("job").asText(""));
        if (!waiting.wait) {
            return ExitCode.OK.code();
        }
        if (job.isEmpty()) {
            throw new CliFailure(ExitCode.SOFTWARE, "Fling's accepted event names no job; cannot wait for it");
        }
        // A launch's wait shows the job from its start; a command's, what follows its own accepted event.
        Optional<String> replyId = Optional.of(reply.path("id").asText());
        ExitCode outcome = new JobEvents(context, client, printer).follow(job, waiting.timeout,
                shortType.equals("launch") ? Optional.empty() : replyId, replyId, rule.apply(id));
        if (outcome != ExitCode.OK) {
            context.err().println("fling: job " + job + ": " + outcome.meaning() + " (exit " + outcome.code() + ")");
        }
        return outcome.code();
    }

    /** --id, else derived from the engine's run of this step, else a random one that is printed. */
    private String id(String shortType, ObjectNode data, RequestOptions options) {
        if (options.id != null) {
            if (options.id.isBlank()) {
                throw new CliFailure(ExitCode.USAGE, "--id must not be empty");
            }
            return options.id;
        }
        Optional<String> derived = RequestIds.derived(RunIdentity.of(context.env()), shortType, data);
        if (derived.isPresent()) {
            return derived.get();
        }
        String random = UUID.randomUUID().toString();
        if (shortType.equals("launch")) {
            context.err().println("fling: request id " + random + " (to find this job again instead of launching "
                    + "another, run the same command with --id " + random + ")");
            RunIdentity.unidentifiedEngine(context.env()).ifPresent(engine -> context.err().println(
                    "fling: warning: running under " + engine + ": without --id, a retry of this step launches a "
                            + "second job"));
        }
        return random;
    }
}
