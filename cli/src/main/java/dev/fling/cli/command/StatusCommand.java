package dev.fling.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fling.cli.Context;
import dev.fling.cli.ExitCode;
import dev.fling.cli.Fling;
import dev.fling.cli.output.EventLine;
import dev.fling.cli.output.Output;
import java.io.PrintStream;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code fling status JOB}: what Fling knows of one job ({@code GET /jobs/NAME}). */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = Fling.Version.class, sortOptions = false,
        description = "Show a job's state, parallelism, Flink job id, last error, savepoints and its events so far.")
public final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    private Fling fling;

    @Parameters(index = "0", paramLabel = "JOB", description = "The job's name (the subject of its events).")
    String job;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        Context context = fling.context();
        JsonNode view = Query.get(connection.client(context), "/jobs/" + job);
        PrintStream out = context.out();
        if (connection.output == Output.json) {
            out.println(Query.pretty(view));
            return ExitCode.OK.code();
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = view.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "events" -> {
                    out.println("events:");
                    value.forEach(event -> out.println("  " + EventLine.time(event.path("time").asText(""),
                            context.zone()) + "  " + EventLine.shortType(event.path("type").asText())));
                }
                case "savepoints" -> {
                    out.println("savepoints:");
                    value.forEach(savepoint -> out.println("  " + savepoint.path("path").asText()));
                }
                case "labels" -> {
                    StringBuilder labels = new StringBuilder();
                    value.fields().forEachRemaining(label -> labels.append(labels.length() == 0 ? "" : ",")
                            .append(label.getKey()).append('=').append(label.getValue().asText()));
                    out.println("labels: " + labels);
                }
                default -> {
                    String text = value.isValueNode() ? value.asText() : value.toString();
                    if (text.contains("\n")) {
                        out.println(field.getKey() + ":");
                        text.strip().lines().forEach(line -> out.println("  " + line));
                    } else {
                        out.println(field.getKey() + ": " + text);
                    }
                }
            }
        }
        return ExitCode.OK.code();
    }
}
