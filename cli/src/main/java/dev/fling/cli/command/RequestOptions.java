package dev.fling.cli.command;

import picocli.CommandLine.Option;

/** How a request names itself to Fling: its id (what makes a retried step find its job), source and correlation. */
final class RequestOptions {

    @Option(names = "--id", paramLabel = "ID", order = 50,
            description = {"The request's id. A request sent again with the same id (and source) is the same "
                + "request: Fling finds the job it made instead of launching a second one.",
                "Default: derived from the workflow engine's run of this step (Airflow, GitHub Actions, GitLab CI) "
                + "and the request's data, else a random UUID (printed)."})
    String id;

    @Option(names = "--source", paramLabel = "URI", defaultValue = "/fling-cli", order = 51,
            description = "The request's CloudEvents source; with the id it names a launched job (default: ${DEFAULT-VALUE}).")
    String source;

    @Option(names = "--correlation", paramLabel = "ID", order = 52,
            description = "Sets the correlationid extension, which every event of the request carries.")
    String correlation;
}
