package dev.fling.cli;

/** Ends a command with a documented exit code and a message for the person or engine that ran it. */
public final class CliFailure extends RuntimeException {

    private final ExitCode exitCode;

    public CliFailure(ExitCode exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
