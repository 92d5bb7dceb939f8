package dev.fling.runtime.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.runtime.JobRecord;
import dev.fling.runtime.KeptSavepoint;
import dev.fling.runtime.RemovedJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Where the local runtime keeps savepoints: {@code <work directory>/savepoints/<job>/}, apart from
 * the job's directory, which its time-to-live removes. A savepoint is the user's state, kept until
 * the user deletes it or the configured retention passes; a job removed while it still has
 * savepoints leaves its last record here ({@code job.json}), so that it can still be looked up.
 */
final class SavepointStore {

    private static final Logger LOG = Logger.getLogger(SavepointStore.class);
    static final String REMOVED_JOB_FILE = "job.json";

    private final Path root;
    private final ObjectMapper mapper;
    private final Optional<Duration> retention;

    SavepointStore(Path root, ObjectMapper mapper, Optional<Duration> retention) {
        this.root = root.toAbsolutePath();
        this.mapper = mapper;
        this.retention = retention;
    }

    /** The directory the job's savepoints go to unless a request names another. */
    Path directory(String job) {
        return root.resolve(job);
    }

    /** The job's savepoints, oldest first: directories holding Flink's {@code _metadata}. */
    List<KeptSavepoint> list(String job) {
        Path directory = directory(job);
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<KeptSavepoint> kept = new ArrayList<>();
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path savepoint : entries.filter(p -> Files.isRegularFile(p.resolve("_metadata"))).toList()) {
                kept.add(new KeptSavepoint("file:" + savepoint, Files.getLastModifiedTime(savepoint.resolve("_metadata"))
                        .toInstant()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the savepoints in " + directory, e);
        }
        kept.sort(Comparator.comparing(KeptSavepoint::takenAt).thenComparing(KeptSavepoint::path));
        return kept;
    }

    /** Called when the job is removed: keeps its last record beside its savepoints, if it has any. */
    void jobRemoved(JobRecord record, Instant at) {
        Path directory = directory(record.ref().name());
        try {
            if (list(record.ref().name()).isEmpty()) {
                deleteRecursively(directory);
                return;
            }
            mapper.writeValue(directory.resolve(REMOVED_JOB_FILE).toFile(), new RemovedJob(record, at));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the record of " + record.ref() + " beside its savepoints", e);
        }
    }

    /** A removed job whose savepoints are kept. */
    Optional<RemovedJob> removed(String job) {
        Path file = directory(job).resolve(REMOVED_JOB_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(mapper.readValue(file.toFile(), RemovedJob.class));
        } catch (IOException e) {
            LOG.warnf("the record of removed job %s cannot be read (%s)", job, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Applies the retention, when one is configured: deletes savepoints older than it, and the
     * directory of a removed job once it has none left.
     */
    /** The poller's minutely round: a failure is logged, and the next round tries again. */
    void applyRetentionRound(Instant now) {
        try {
            applyRetention(now);
        } catch (RuntimeException e) {
            LOG.warnf(e, "the savepoint retention could not be applied; trying again in a minute");
        }
    }

    void applyRetention(Instant now) {
        if (retention.isEmpty() || !Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> jobs = Files.list(root)) {
            for (Path job : jobs.filter(Files::isDirectory).toList()) {
                String name = job.getFileName().toString();
                for (KeptSavepoint savepoint : list(name)) {
                    if (expired(savepoint.takenAt(), now, retention.get())) {
                        LOG.infof("savepoint %s is older than the retention (%s): deleting it", savepoint.path(),
                                retention.get());
                        deleteRecursively(Path.of(savepoint.path().substring("file:".length())));
                    }
                }
                if (Files.isRegularFile(job.resolve(REMOVED_JOB_FILE)) && list(name).isEmpty()) {
                    deleteRecursively(job);
                }
            }
        } catch (IOException e) {
            LOG.warnf("cannot apply the savepoint retention under %s (%s)", root, e.getMessage());
        }
    }

    /** Whether a savepoint taken at {@code takenAt} has outlived the retention. */
    static boolean expired(Instant takenAt, Instant now, Duration retention) {
        return !now.isBefore(takenAt.plus(retention));
    }

    static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> all = Files.walk(directory)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
