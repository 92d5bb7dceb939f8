package dev.fling.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fling.cli.Fling;
import dev.fling.cli.stream.WaitRule;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code fling cancel JOB}: stop a job, with a final savepoint if asked; with {@code --wait}, until it is cancelled. */
@Command(name = "cancel", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Stop a job, with a final savepoint if asked. With --wait, until it is cancelled (exit 0).")
public final class CancelCommand implements Callable<Integer> {

    @ParentCommand
    private Fling fling;

    @Parameters(index = "0", paramLabel = "JOB", description = "The job's name (the subject of its events).")
    String job;

    @Option(names = "--savepoint", order = 1, description = "Take a final savepoint first (its path is printed).")
    boolean savepoint;

    @Mixin
    RequestOptions request;

    @Mixin
    WaitOptions waiting;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        ObjectNode data = new ObjectMapper().createObjectNode().put("job", job).put("savepoint", savepoint);
        return new RequestFlow(fling.context(), connection).submit("cancel", data, request, waiting,
                id -> WaitRule.outcome("cancelled", id));
    }
}
