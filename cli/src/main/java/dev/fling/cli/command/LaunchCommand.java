package dev.fling.cli.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fling.cli.request.LaunchFile;
import dev.fling.cli.Fling;
import dev.fling.cli.stream.WaitRule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fling launch}: a new job from a jar (or a launch file), like {@code flink run}; attached with {@code --wait}. */
@Command(name = "launch", mixinStandardHelpOptions = true, versionProvider = Fling.Version.class, sortOptions = false,
        description = {"Launch a Flink job on its own cluster. With --wait, print its lifecycle events as they "
            + "arrive and exit with how it ended (0 succeeded, 10 failed, 11 cancelled, 12 timed out)."},
        footer = {"", "Examples:",
            "  fling launch --jar file:///jobs/etl.jar --class com.example.Etl --arg --day --arg 2024-05-01 --wait",
            "  fling launch --data launch.json --id nightly-2024-05-01 --wait --timeout 2h"})
public final class LaunchCommand extends RequestCommand {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--jar", paramLabel = "URI", order = 1,
            description = "The job's jar: file://, http(s)://, s3://, local:// (in the image) or an absolute path.")
    String jar;

    @Option(names = "--class", paramLabel = "NAME", order = 2,
            description = "The entry class (default: the jar manifest's Main-Class).")
    String entryClass;

    @Option(names = "--arg", paramLabel = "ARG", order = 3,
            description = "A program argument, passed as is and in order (repeat for several).")
    List<String> args;

    @Option(names = "--parallelism", paramLabel = "N", order = 4, description = "The job's parallelism.")
    Integer parallelism;

    @Option(names = "--name", paramLabel = "NAME", order = 5,
            description = "Prefix of the job's name (lower case, digits, '-'); Fling appends a suffix from the id.")
    String name;

    @Option(names = "--label", paramLabel = "KEY=VALUE", order = 6, description = "A label (repeat for several).")
    Map<String, String> labels;

    @Option(names = "--restore", paramLabel = "PATH", order = 7, description = "Start from this savepoint.")
    String restore;

    @Option(names = "--deadline", paramLabel = "DURATION", order = 8, converter = DurationConverter.class,
            description = "Fling stops the job if it runs longer than this (e.g. 30m); the job then ends timed out.")
    Duration deadline;

    @Option(names = "--data", paramLabel = "FILE", order = 9,
            description = {"The launch's data from a JSON file, the schema of dev.fling.job.launch "
                + "(events-schema/); checked before sending. Instead of the flags above."})
    Path data;

    @Override
    public Integer call() {
        return submit("launch", data(), id -> WaitRule.jobEnds());
    }

    private ObjectNode data() {
        if (data != null) {
            List<String> alsoGiven = flagsGiven();
            if (!alsoGiven.isEmpty()) {
                throw usage("--data holds the whole launch; leave out " + String.join(", ", alsoGiven));
            }
            try {
                return LaunchFile.read(data);
            } catch (LaunchFile.InvalidLaunchFile e) {
                throw usage(e.getMessage() + (e.errors().isEmpty() ? "" : ":\n  " + String.join("\n  ", e.errors())));
            }
        }
        if (jar == null || jar.isBlank()) {
            throw usage("--jar (or --data FILE) is required");
        }
        ObjectNode launch = JSON.createObjectNode();
        if (name != null) {
            launch.put("name", name);
        }
        launch.put("jarURI", jar);
        if (entryClass != null) {
            launch.put("entryClass", entryClass);
        }
        if (args != null) {
            args.forEach(launch.putArray("args")::add);
        }
        if (parallelism != null) {
            launch.put("parallelism", parallelism);
        }
        if (restore != null) {
            launch.putObject("restoreFrom").put("savepointPath", restore);
        }
        if (deadline != null) {
            if (deadline.isNegative() || deadline.isZero()) {
                throw usage("--deadline must be longer than 0");
            }
            launch.put("deadlineSeconds", (deadline.toMillis() + 999) / 1000);
        }
        if (labels != null) {
            ObjectNode node = launch.putObject("labels");
            labels.forEach(node::put);
        }
        return launch;
    }

    private List<String> flagsGiven() {
        List<String> given = new ArrayList<>();
        Object[][] flags = {{"--jar", jar}, {"--class", entryClass}, {"--arg", args}, {"--parallelism", parallelism},
            {"--name", name}, {"--label", labels}, {"--restore", restore}, {"--deadline", deadline}};
        for (Object[] flag : flags) {
            if (flag[1] != null) {
                given.add((String) flag[0]);
            }
        }
        return given;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
