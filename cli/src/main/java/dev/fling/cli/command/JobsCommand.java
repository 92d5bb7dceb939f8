package dev.fling.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fling.cli.Context;
import dev.fling.cli.ExitCode;
import dev.fling.cli.Fling;
import dev.fling.cli.output.EventLine;
import dev.fling.cli.output.Output;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code fling jobs}: the jobs Fling follows, filtered like {@code GET /jobs}. */
@Command(name = "jobs", mixinStandardHelpOptions = true, versionProvider = Fling.Version.class, sortOptions = false,
        description = "List the jobs Fling follows (ended ones until their time-to-live passes), oldest first.")
public final class JobsCommand implements Callable<Integer> {

    private static final String ROW = "%-32s %-10s %11s %7s  %-8s  %s";

    @ParentCommand
    private Fling fling;

    @Option(names = "--state", paramLabel = "STATE", split = ",", order = 1,
            description = "Only jobs in this state: accepted, pending, deploying, running, rescaling, retrying, "
                    + "succeeded, failed, cancelled, timed_out (repeat or comma-separate for any of several).")
    List<String> states;

    @Option(names = "--label", paramLabel = "KEY=VALUE", order = 2,
            description = "Only jobs with this label (repeat: all must match).")
    Map<String, String> labels;

    @Option(names = "--source", paramLabel = "URI", order = 3, description = "Only jobs launched by this source.")
    String source;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        Context context = fling.context();
        JsonNode jobs = Query.get(connection.client(context), "/jobs" + query());
        if (connection.output == Output.json) {
            context.out().println(Query.pretty(jobs));
            return ExitCode.OK.code();
        }
        context.out().println(String.format(ROW, "NAME", "STATE", "PARALLELISM", "ATTEMPT", "ACCEPTED", "LABELS")
                .stripTrailing());
        for (JsonNode job : jobs) {
            StringBuilder labels = new StringBuilder();
            job.path("labels").fields().forEachRemaining(label -> labels.append(labels.length() == 0 ? "" : ",")
                    .append(label.getKey()).append('=').append(label.getValue().asText()));
            context.out().println(String.format(ROW, job.path("name").asText(), job.path("state").asText(),
                    job.path("parallelism").asText(), job.path("attempt").asText(),
                    EventLine.time(job.path("acceptedAt").asText(""), context.zone()), labels).stripTrailing());
        }
        return ExitCode.OK.code();
    }

    String query() {
        List<String> parameters = new ArrayList<>();
        if (states != null) {
            states.forEach(state -> parameters.add("state=" + encode(state)));
        }
        if (labels != null) {
            labels.forEach((key, value) -> parameters.add("label=" + encode(key + "=" + value)));
        }
        if (source != null) {
            parameters.add("source=" + encode(source));
        }
        return parameters.isEmpty() ? "" : "?" + String.join("&", parameters);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
