package dev.fling.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The {@code fling} command line as users run it: {@code java -jar target/cli/fling.jar ...}, a process of its own. */
public final class FlingCli {

    private static final Path JAR = Path.of("target", "cli", "fling.jar");

    /** A finished run: its exit code and what it printed on each stream. */
    public record Result(int exitCode, String out, String err) {
        /** The job a request's answer names: the third field of the first line ({@code time type job ...}). */
        public String job() {
            String[] first = out.lines().findFirst().orElseThrow(() -> new AssertionError("nothing printed; " + err))
                    .trim().split("\\s+");
            return first[2];
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** A run still going: its process and the files its output goes to. */
    public record Running(Process process, Path out, Path err) {
        public String outSoFar() {
            return read(out);
        }

        public Result await(Duration limit) throws InterruptedException {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("fling did not end within " + limit + "\n" + read(out) + read(err));
            }
            return new Result(process.exitValue(), read(out), read(err));
        }
    }

    private FlingCli() {}

    /** Runs {@code fling args...} and waits for it to end (failing the test after {@code limit}). */
    public static Result run(Duration limit, String... args) throws IOException, InterruptedException {
        return start(args).await(limit);
    }

    /** Starts {@code fling args...} without waiting; its output goes to files under target/. */
    public static Running start(String... args) throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: build once without -Dexec.skip (mvn verify builds it)");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path directory = Files.createDirectories(Path.of("target", "fling-cli-runs"));
        Path out = Files.createTempFile(directory, "out-", ".txt");
        Path err = Files.createTempFile(directory, "err-", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("FLING_") || name.startsWith("AIRFLOW_CTX_")
                || name.startsWith("GITHUB_") || name.equals("GITLAB_CI"));
        return new Running(builder.start(), out, err);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
