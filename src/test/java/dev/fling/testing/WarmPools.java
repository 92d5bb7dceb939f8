package dev.fling.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Looks at the local warm pool from outside: its registry files and its clusters' processes. */
public final class WarmPools {

    private static final ObjectMapper JSON = new ObjectMapper();

    private WarmPools() {}

    /** The pooled clusters' registry entries under the work directory, as the runtime wrote them. */
    public static List<JsonNode> entries(String workDirectory) {
        Path pool = Path.of(workDirectory, "pool");
        if (!Files.isDirectory(pool)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(pool)) {
            return files.filter(f -> f.toString().endsWith(".json")).map(WarmPools::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The ids of the pooled clusters ready to take a job. */
    public static List<String> ready(String workDirectory) {
        return entries(workDirectory).stream().filter(e -> e.path("ready").asBoolean())
                .map(e -> e.path("id").asText()).toList();
    }

    /** Processes whose command line names the directory (a cluster's JobManager and TaskManagers). */
    public static List<ProcessHandle> processesIn(String directory) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(line -> line.contains(directory)).orElse(false))
                .toList();
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            return JSON.createObjectNode(); // replaced while read: the next look sees it whole
        }
    }
}
