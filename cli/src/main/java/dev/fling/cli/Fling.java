package dev.fling.cli;

import dev.fling.cli.command.CancelCommand;
import dev.fling.cli.command.EventsCommand;
import dev.fling.cli.command.JobsCommand;
import dev.fling.cli.command.LaunchCommand;
import dev.fling.cli.command.RescaleCommand;
import dev.fling.cli.command.SavepointCommand;
import dev.fling.cli.command.StatusCommand;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code fling} command: launch and steer Flink jobs through Fling's HTTP API, and wait for their outcome. */
@Command(name = "fling", mixinStandardHelpOptions = true, versionProvider = Fling.Version.class,
        description = {"Launch and steer Apache Flink jobs through Fling's HTTP API, and wait for their outcome.",
            "Talks to Fling at --url (FLING_URL, default http://localhost:8080)."},
        subcommands = {LaunchCommand.class, RescaleCommand.class, SavepointCommand.class, CancelCommand.class,
            StatusCommand.class, JobsCommand.class, EventsCommand.class, AutoComplete.GenerateCompletion.class,
            CommandLine.HelpCommand.class},
        footer = {"", "Docs: docs/cli.md. Shell completion: source <(fling generate-completion)"})
public final class Fling implements Runnable {

    private final Context context;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public Fling(Context context) {
        this.context = context;
    }

    public Context context() {
        return context;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: launch, rescale, savepoint, "
                + "cancel, status, jobs or events");
    }

    public static void main(String[] args) {
        System.exit(run(Context.system(), args));
    }

    /** Runs the command line; returns the exit code (see {@link ExitCode}). */
    public static int run(Context context, String... args) {
        return commandLine(context).execute(args);
    }

    static CommandLine commandLine(Context context) {
        CommandLine commandLine = new CommandLine(new Fling(context));
        commandLine.setOut(new PrintWriter(context.out(), true));
        commandLine.setErr(new PrintWriter(context.err(), true));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setUsageHelpWidth(100);
        Map<String, String> codes = new LinkedHashMap<>();
        for (ExitCode code : ExitCode.values()) {
            codes.put(Integer.toString(code.code()), code.meaning());
        }
        applyToAll(commandLine, codes);
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof CliFailure failure) {
                line.getErr().println("fling: " + failure.getMessage());
                return failure.exitCode().code();
            }
            line.getErr().println("fling: unexpected error: " + e);
            return ExitCode.SOFTWARE.code();
        });
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            CommandLine line = e.getCommandLine();
            line.getErr().println("fling: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, line.getErr());
            line.getErr().println("Try '" + line.getCommandSpec().qualifiedName() + " --help'.");
            return ExitCode.USAGE.code();
        });
        return commandLine;
    }

    private static void applyToAll(CommandLine line, Map<String, String> codes) {
        line.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
        line.getSubcommands().values().forEach(sub -> applyToAll(sub, codes));
    }

    /** The version the build wrote into the jar's manifest. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Fling.class.getPackage().getImplementationVersion();
            return new String[] {"fling " + (version == null ? "(development)" : version)};
        }
    }
}
