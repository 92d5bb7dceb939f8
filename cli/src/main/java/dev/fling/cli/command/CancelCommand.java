package dev.fling.cli.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fling.cli.Fling;
import dev.fling.cli.stream.WaitRule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fling cancel JOB}: stop a job, with a final savepoint if asked; with {@code --wait}, until it is cancelled. */
@Command(name = "cancel", mixinStandardHelpOptions = true, versionProvider = Fling.Version.class, sortOptions = false,
        description = "Stop a job, with a final savepoint if asked. With --wait, until it is cancelled (exit 0).")
public final class CancelCommand extends RequestCommand {

    @Parameters(index = "0", paramLabel = "JOB", description = "The job's name (the subject of its events).")
    String job;

    @Option(names = "--savepoint", order = 1, description = "Take a final savepoint first (its path is printed).")
    boolean savepoint;

    @Override
    public Integer call() {
        ObjectNode data = JSON.createObjectNode().put("job", job).put("savepoint", savepoint);
        return submit("cancel", data, id -> WaitRule.outcome("cancelled", id));
    }
}
