package dev.fling.cli.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fling.cli.Fling;
import dev.fling.cli.stream.WaitRule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fling savepoint JOB}: a savepoint of a running job; with {@code --wait}, until its path is known. */
@Command(name = "savepoint", mixinStandardHelpOptions = true, versionProvider = Fling.Version.class, sortOptions = false,
        description = "Take a savepoint of a running job. With --wait, until it is taken (its path is printed).")
public final class SavepointCommand extends RequestCommand {

    @Parameters(index = "0", paramLabel = "JOB", description = "The job's name (the subject of its events).")
    String job;

    @Option(names = "--target-directory", paramLabel = "DIR", order = 1,
            description = "Where to write it (local runtime only; on Kubernetes the job's state.savepoints.dir).")
    String targetDirectory;

    @Override
    public Integer call() {
        ObjectNode data = JSON.createObjectNode().put("job", job);
        if (targetDirectory != null) {
            data.put("targetDirectory", targetDirectory);
        }
        return submit("savepoint", data, id -> WaitRule.outcome("savepoint.completed", id));
    }
}
