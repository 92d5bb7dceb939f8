package dev.fling.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

/** Looks at the local runtime's clusters from outside: its registry file, the JobManager's REST API, the processes. */
public final class LocalClusters {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private LocalClusters() {}

    /** The example jobs jar the build makes (flink-local/). */
    public static String examplesJar() {
        return Path.of("target", "flink", "examples", "fling-examples.jar").toAbsolutePath().toUri().toString();
    }

    /** The registry entry of a job, as the runtime wrote it. */
    public static JsonNode registryEntry(String workDirectory, String job) {
        try {
            return JSON.readTree(Path.of(workDirectory, "registry", job + ".json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GET on the job's JobManager REST API. */
    public static JsonNode rest(String workDirectory, String job, String path) {
        int port = registryEntry(workDirectory, job).path("cluster").path("restPort").asInt();
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops every process a test's clusters left (Fling leaves clusters running when it stops, by design). */
    public static void stopAllUnder(String workDirectory) {
        String marker = Path.of(workDirectory).toAbsolutePath().toString();
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(line -> line.contains(marker)).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }

    /** Processes whose command line names the job (its JobManager and TaskManagers). */
    public static List<ProcessHandle> processesOf(String job) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(line -> line.contains("/" + job + "/")).orElse(false))
                .toList();
    }
}
