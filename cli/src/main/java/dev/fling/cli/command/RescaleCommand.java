package dev.fling.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fling.cli.Fling;
import dev.fling.cli.stream.WaitRule;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code fling rescale JOB N}: a running job's new parallelism; with {@code --wait}, until it runs with it. */
@Command(name = "rescale", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Change a running job's parallelism. With --wait, until the job runs with it (its rescaled event).")
public final class RescaleCommand implements Callable<Integer> {

    @ParentCommand
    private Fling fling;

    @Parameters(index = "0", paramLabel = "JOB", description = "The job's name (the subject of its events).")
    String job;

    @Parameters(index = "1", paramLabel = "N", description = "The new parallelism.")
    int parallelism;

    @Mixin
    RequestOptions request;

    @Mixin
    WaitOptions waiting;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        ObjectNode data = new ObjectMapper().createObjectNode().put("job", job).put("parallelism", parallelism);
        return new RequestFlow(fling.context(), connection).submit("rescale", data, request, waiting,
                id -> WaitRule.outcome("rescaled", id));
    }
}
