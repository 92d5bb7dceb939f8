package dev.fling.runtime.local;

import dev.fling.runtime.JobRef;
import dev.fling.runtime.RuntimeRefusedException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The jobs the local runtime knows, by name. Each is read and changed under its own monitor, so
 * its REST calls and process starts hold only that job.
 */
final class LocalJobs {

    private final Map<String, LocalJob> byName = new ConcurrentHashMap<>();

    /** The live map, for the poller, which walks it every round. */
    Map<String, LocalJob> byName() {
        return byName;
    }

    void add(LocalJob job) {
        byName.put(job.definition.ref().name(), job);
    }

    LocalJob get(String name) {
        return byName.get(name);
    }

    LocalJob remove(String name) {
        return byName.remove(name);
    }

    /** Runs a command on the job under its monitor; refused when there is no such job. */
    void on(JobRef ref, Consumer<LocalJob> command) {
        ifKnown(ref.name(), job -> {
            command.accept(job);
            return job;
        }).orElseThrow(() -> new RuntimeRefusedException("no local job named " + ref.name(), null));
    }

    /** Reads or changes the job under its monitor, if there is one of that name. */
    <T> Optional<T> ifKnown(String name, Function<LocalJob, T> action) {
        LocalJob job = byName.get(name);
        if (job == null) {
            return Optional.empty();
        }
        synchronized (job) {
            return Optional.ofNullable(action.apply(job));
        }
    }
}
