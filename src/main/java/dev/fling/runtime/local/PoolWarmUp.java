package dev.fling.runtime.local;

import dev.fling.runtime.rest.FlinkRestClient;
import dev.fling.runtime.rest.FlinkRestModel;
import dev.fling.runtime.rest.FlinkRestException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one short job of Fling's own on a pooled cluster before it is handed out: the
 * distribution's bounded word count, sent the way a warm launch sends its job. The first job of a
 * JobManager and TaskManager spends most of its start loading and compiling Flink's own code (the
 * jar upload, running a main, the job master, deploying tasks); done while the cluster waits in
 * the pool, that no longer falls on the user's job (docs/benchmarks.md). The cluster still serves
 * exactly one user job: the warm-up is Fling's, finished before the cluster is ready.
 */
final class PoolWarmUp {

    static final String ENTRY_CLASS = "dev.fling.examples.BoundedWordCount";

    /** Where the warm-up job stands. */
    enum Progress {
        /** Sent, not ended yet. */
        UNDER_WAY,
        /** Ended, whichever way: the cluster has done what it could ahead. */
        ENDED
    }

    /** What to do next for a pooled cluster that is not ready yet. */
    enum Step {
        /** Its TaskManager has not registered with free slots yet, or the warm-up still runs. */
        WAIT,
        /** Send the warm-up job. */
        SEND,
        /** Hand it out from now on. */
        READY
    }

    /**
     * Pure: what a pooled cluster that is not ready needs next.
     *
     * @param registered its TaskManager registered, every slot free
     * @param enabled whether pooled clusters are warmed up
     * @param sent whether the warm-up job was sent
     * @param ended whether the warm-up job ended
     */
    static Step next(boolean registered, boolean enabled, boolean sent, boolean ended) {
        if (!registered) {
            return Step.WAIT;
        }
        if (!enabled || ended) {
            return Step.READY;
        }
        return sent ? Step.WAIT : Step.SEND;
    }

    private final Optional<Path> jar;

    /** @param jar the distribution's examples jar; empty turns the warm-up off */
    PoolWarmUp(Optional<Path> jar) {
        this.jar = jar;
    }

    boolean enabled() {
        return jar.isPresent();
    }

    /** Uploads the program and runs it; returns the Flink job id. */
    String send(FlinkRestClient rest) throws IOException {
        String jarId = rest.uploadJar(jar.orElseThrow());
        return rest.runJar(jarId, new FlinkRestModel.JarRun(ENTRY_CLASS, List.of(), 1, null, null, null, Map.of()));
    }

    /** Where the warm-up job with that id stands; one Flink no longer knows has ended. */
    Progress progress(FlinkRestClient rest, String jobId) throws IOException {
        try {
            return switch (rest.job(jobId).state()) {
                case "FINISHED", "FAILED", "CANCELED" -> Progress.ENDED;
                default -> Progress.UNDER_WAY;
            };
        } catch (FlinkRestException e) {
            if (e.status() == 404) {
                return Progress.ENDED;
            }
            throw e;
        }
    }
}
