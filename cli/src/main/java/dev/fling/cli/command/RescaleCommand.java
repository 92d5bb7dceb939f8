package dev.fling.cli.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fling.cli.Fling;
import dev.fling.cli.stream.WaitRule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code fling rescale JOB N}: a running job's new parallelism; with {@code --wait}, until it runs with it. */
@Command(name = "rescale", mixinStandardHelpOptions = true, versionProvider = Fling.Version.class, sortOptions = false,
        description = "Change a running job's parallelism. With --wait, until the job runs with it (its rescaled event).")
public final class RescaleCommand extends RequestCommand {

    @Parameters(index = "0", paramLabel = "JOB", description = "The job's name (the subject of its events).")
    String job;

    @Parameters(index = "1", paramLabel = "N", description = "The new parallelism.")
    int parallelism;

    @Override
    public Integer call() {
        ObjectNode data = JSON.createObjectNode().put("job", job).put("parallelism", parallelism);
        return submit("rescale", data, id -> WaitRule.outcome("rescaled", id));
    }
}
