package dev.fling.cli;

import java.util.Map;
import java.util.Optional;

/**
 * What the process's exit status tells a workflow engine, a CI job or a script. The numbers are a
 * contract (docs/cli.md, the Argo and Airflow examples): never renumber, only add.
 */
public enum ExitCode {
    OK(0, "succeeded: the job succeeded, or the command's outcome was reached"),
    SOFTWARE(1, "an unexpected error in fling itself"),
    USAGE(2, "usage error: unknown flag, bad value, malformed --data file; nothing was sent"),
    FAILED(10, "the job failed (Flink's root cause is printed)"),
    CANCELLED(11, "the job was cancelled"),
    TIMED_OUT(12, "the job's deadline (--deadline) passed and Fling stopped it"),
    REJECTED(13, "Fling rejected the request (the reasons are printed field by field)"),
    UNREACHABLE(14, "could not reach Fling within --connect-timeout (refused, 429, 503)"),
    GAVE_UP(15, "gave up waiting after --timeout; the job goes on"),
    NOT_AUTHORIZED(16, "Fling refused the credentials (401: missing or unknown token, 403: not allowed)"),
    NO_SUCH_JOB(17, "Fling knows no job by that name"),
    ENDED_BEFORE_OUTCOME(18, "the job ended before the command's outcome (e.g. it finished before the savepoint)");

    private static final String PREFIX = "dev.fling.job.";
    private static final Map<String, ExitCode> TERMINAL = Map.of(
            PREFIX + "succeeded", OK,
            PREFIX + "failed", FAILED,
            PREFIX + "cancelled", CANCELLED,
            PREFIX + "timedout", TIMED_OUT);

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    /** The code of a job that ended with this event type; empty when the type does not end a job. */
    public static Optional<ExitCode> ofTerminalEvent(String type) {
        return Optional.ofNullable(TERMINAL.get(type));
    }
}
