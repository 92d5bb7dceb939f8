package dev.fling.runtime.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The local runtime's memory on disk: one JSON file per job, replaced atomically on every change,
 * so that a restarted Fling finds every job, its processes and what was already reported.
 */
final class LocalRegistry {

    private static final Logger LOG = Logger.getLogger(LocalRegistry.class);

    private final Path directory;
    private final ObjectMapper mapper;

    LocalRegistry(Path directory, ObjectMapper mapper) {
        this.directory = directory;
        this.mapper = mapper;
    }

    List<LocalJob> loadAll() {
        List<LocalJob> jobs = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return jobs;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                try {
                    jobs.add(mapper.readValue(file.toFile(), LocalJob.class));
                } catch (IOException e) {
                    LOG.errorf("registry entry %s cannot be read (%s); leaving it alone", file, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jobs;
    }

    void save(LocalJob job) {
        try {
            Files.createDirectories(directory);
            Path target = file(job.definition.ref().name());
            Path temporary = Files.createTempFile(directory, job.definition.ref().name(), ".tmp");
            mapper.writeValue(temporary.toFile(), job);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the registry entry of " + job.definition.ref(), e);
        }
    }

    void delete(String name) {
        try {
            Files.deleteIfExists(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path file(String name) {
        return directory.resolve(name + ".json");
    }
}
