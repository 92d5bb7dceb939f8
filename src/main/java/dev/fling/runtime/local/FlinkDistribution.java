package dev.fling.runtime.local;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where Flink's jars are: {@code fling.local.flink-home}, or the distribution the build ships
 * beside Fling ({@code quarkus-app/flink} for the packaged build, {@code target/flink} when run
 * from the build's classes).
 */
record FlinkDistribution(Path home) {

    static FlinkDistribution locate(LocalConfig config) {
        return new FlinkDistribution(config.flinkHome().map(Path::of).orElseGet(FlinkDistribution::besideFling));
    }

    Path lib() {
        return home.resolve("lib");
    }

    /** Fling's SQL runner (flink-local's dev.fling.sql.SqlRunner), the program of every SQL job. */
    Path sqlRunner() {
        return home.resolve("examples").resolve("fling-sql-runner.jar");
    }

    /** The example jobs' jar, whose bounded word count warms pooled clusters up ({@link PoolWarmUp}), if shipped. */
    Optional<Path> examples() {
        Path jar = home.resolve("examples").resolve("fling-examples.jar");
        return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
    }

    /** The classpath of JobManagers and TaskManagers: every jar of lib/. */
    String classpath() {
        try (Stream<Path> jars = Files.list(lib())) {
            return String.join(File.pathSeparator,
                    jars.filter(p -> p.toString().endsWith(".jar")).sorted().map(Path::toString).toList());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What is wrong with the distribution, if anything. */
    Optional<String> problem() {
        if (!Files.isDirectory(lib())) {
            return Optional.of("no Flink distribution at " + home + " (expected lib/ with Flink's jars; "
                    + "build with mvn package or set fling.local.flink-home)");
        }
        return Optional.empty();
    }

    private static Path besideFling() {
        try {
            Path code = Path.of(FlinkDistribution.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // quarkus-app/app/fling.jar -> quarkus-app/flink ; target/classes -> target/flink
            Path parent = Files.isDirectory(code) ? code.getParent() : code.getParent().getParent();
            return parent.resolve("flink");
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("flink");
        }
    }
}
