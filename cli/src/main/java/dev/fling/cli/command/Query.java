package dev.fling.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.cli.CliFailure;
import dev.fling.cli.ExitCode;
import dev.fling.cli.http.Answer;
import dev.fling.cli.http.FlingClient;
import java.io.IOException;

/** A GET on the query API ({@code /jobs}, {@code /jobs/NAME}), its answer read as JSON or turned into an exit code. */
final class Query {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Query() {}

    static JsonNode get(FlingClient client, String pathAndQuery) {
        Answer answer = client.get(pathAndQuery);
        String body = answer.body() == null ? "" : answer.body().strip();
        switch (answer.status()) {
            case 200 -> {
                try {
                    return JSON.readTree(body);
                } catch (IOException e) {
                    throw new CliFailure(ExitCode.SOFTWARE, "Fling's answer to " + pathAndQuery + " is not JSON: " + body);
                }
            }
            case 404 -> throw new CliFailure(ExitCode.NO_SUCH_JOB, "Fling knows no job at " + pathAndQuery);
            case 400 -> throw new CliFailure(ExitCode.USAGE, "Fling cannot read the query: " + body);
            default -> throw new CliFailure(ExitCode.SOFTWARE, "Fling answered " + answer.status() + " to "
                    + pathAndQuery + ": " + body);
        }
    }

    static String pretty(JsonNode node) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
