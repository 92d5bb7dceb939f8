package dev.fling.tracking;

import dev.fling.runtime.JobRecord;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

/**
 * The jobs this instance follows, by name, each with its turn; and what readers see of them
 * (the query API, the event streams), as of each job's last change.
 */
final class TrackedJobs {

    private final Map<String, TrackedJob> jobs = new ConcurrentHashMap<>();
    private final ExecutorService turns;

    TrackedJobs(ExecutorService turns, MeterRegistry meters) {
        this.turns = turns;
        meters.gauge("fling.jobs.active", jobs, all -> all.values().stream()
                .filter(job -> !job.published().tracking().state().isTerminal()).count());
    }

    /** The job of this record, followed from now on if it was not. */
    TrackedJob track(JobRecord record) {
        return jobs.computeIfAbsent(record.ref().name(), name -> new TrackedJob(record, turns));
    }

    TrackedJob get(String name) {
        return jobs.get(name);
    }

    /** Whether {@code job} is still the one followed under its name (not dropped or replaced meanwhile). */
    boolean follows(TrackedJob job) {
        return jobs.get(job.ref().name()) == job;
    }

    TrackedJob remove(String name) {
        return jobs.remove(name);
    }

    void remove(TrackedJob job) {
        jobs.remove(job.ref().name(), job);
    }

    Collection<TrackedJob> all() {
        return jobs.values();
    }

    List<JobSnapshot> snapshot() {
        List<JobSnapshot> all = new ArrayList<>();
        for (TrackedJob job : jobs.values()) {
            all.add(job.published());
        }
        return all;
    }

    Optional<JobSnapshot> published(String name) {
        TrackedJob job = jobs.get(name);
        return job == null ? Optional.empty() : Optional.of(job.published());
    }

    /** Once whatever is on the job's turn now is done. */
    Optional<JobSnapshot> snapshot(String name) {
        TrackedJob job = jobs.get(name);
        if (job == null) {
            return Optional.empty();
        }
        return Optional.of(JobTurn.await(job.turn().submit(job::published)));
    }
}
