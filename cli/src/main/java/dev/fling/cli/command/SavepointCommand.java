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

/** {@code fling savepoint JOB}: a savepoint of a running job; with {@code --wait}, until its path is known. */
@Command(name = "savepoint", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Take a savepoint of a running job. With --wait, until it is taken (its path is printed).")
public final class SavepointCommand implements Callable<Integer> {

    @ParentCommand
    private Fling fling;

    @Parameters(index = "0", paramLabel = "JOB", description = "The job's name (the subject of its events).")
    String job;

    @Option(names = "--target-directory", paramLabel = "DIR", order = 1,
            description = "Where to write it (local runtime only; on Kubernetes the job's state.savepoints.dir).")
    String targetDirectory;

    @Mixin
    RequestOptions request;

    @Mixin
    WaitOptions waiting;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        ObjectNode data = new ObjectMapper().createObjectNode().put("job", job);
        if (targetDirectory != null) {
            data.put("targetDirectory", targetDirectory);
        }
        return new RequestFlow(fling.context(), connection).submit("savepoint", data, request, waiting,
                id -> WaitRule.outcome("savepoint.completed", id));
    }
}
