package dev.fling.runtime.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * Where a job's clusters live on disk: one directory per job under {@code jobs/}, one per attempt
 * inside it (config, logs, temp files, checkpoints), plus the pooled clusters' directories a warm
 * start took. Removed with the job after its time-to-live, its logs moved aside first when kept.
 */
final class JobDirectories {

    private final Path jobs;
    private final boolean keepLogs;

    JobDirectories(Path jobs, boolean keepLogs) {
        this.jobs = jobs;
        this.keepLogs = keepLogs;
    }

    Path attempt(LocalJob job) {
        return jobs.resolve(job.definition.ref().name()).resolve("attempt-" + job.attempt);
    }

    /** What a cluster needs before its first process starts: its config, log and temp directories. */
    static void createClusterDirectories(Path directory) throws IOException {
        Files.createDirectories(directory.resolve("conf"));
        Files.createDirectories(directory.resolve("log"));
        Files.createDirectories(directory.resolve("tmp"));
    }

    /** Removes the job's directory and those of the pooled clusters it took. */
    void remove(LocalJob job) {
        String name = job.definition.ref().name();
        for (String pooled : job.pooledDirectories) {
            Path directory = Path.of(pooled);
            removeKeepingLogs(directory, name, Stream.of(directory));
        }
        Path directory = jobs.resolve(name);
        if (Files.exists(directory)) {
            try (Stream<Path> attempts = Files.list(directory)) {
                removeKeepingLogs(directory, name, attempts);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + directory, e);
            }
        }
    }

    /** Moves each cluster directory's {@code log/} to {@code logs/<job>/<cluster directory>} when configured, then deletes {@code directory}. */
    private void removeKeepingLogs(Path directory, String job, Stream<Path> clusters) {
        try {
            if (keepLogs) {
                Path logs = jobs.resolveSibling("logs").resolve(job);
                for (Path cluster : clusters.filter(c -> Files.isDirectory(c.resolve("log"))).toList()) {
                    Files.createDirectories(logs);
                    Files.move(cluster.resolve("log"), logs.resolve(cluster.getFileName()),
                            StandardCopyOption.REPLACE_EXISTING);
                }
            }
            SavepointStore.deleteRecursively(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + directory, e);
        }
    }
}
