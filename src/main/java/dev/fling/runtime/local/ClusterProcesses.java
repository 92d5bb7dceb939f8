package dev.fling.runtime.local;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds and stops a cluster's processes by their process ids, which is all that survives a
 * restart of Fling. A process id only counts as the cluster's while its command line still names
 * the cluster's directory, so a recycled id is never mistaken for it.
 */
final class ClusterProcesses {

    private static final Duration GRACE = Duration.ofSeconds(10);
    /** A process writing its kind's class archive at exit ({@link ClassArchives}) takes a few seconds more once. */
    private static final Duration ARCHIVING_GRACE = Duration.ofSeconds(60);

    boolean jobManagerAlive(LocalJob.Cluster cluster) {
        return cluster != null && handle(cluster.jobManagerPid, cluster.directory).isPresent();
    }

    /** Whether the JobManager and every TaskManager still run. */
    boolean allAlive(LocalJob.Cluster cluster) {
        return jobManagerAlive(cluster)
                && cluster.taskManagerPids.stream().allMatch(pid -> handle(pid, cluster.directory).isPresent());
    }

    /** The TaskManagers of the cluster that no longer run. */
    List<Long> exitedTaskManagers(LocalJob.Cluster cluster) {
        return cluster == null ? List.of()
                : cluster.taskManagerPids.stream().filter(pid -> handle(pid, cluster.directory).isEmpty()).toList();
    }

    /** Stops the TaskManagers (they never exit on their own) and the JobManager. */
    void stopAll(LocalJob.Cluster cluster) {
        List<ProcessHandle> all = new java.util.ArrayList<>();
        cluster.taskManagerPids.forEach(pid -> handle(pid, cluster.directory).ifPresent(all::add));
        handle(cluster.jobManagerPid, cluster.directory).ifPresent(all::add);
        all.forEach(ProcessHandle::destroy);
        all.forEach(ClusterProcesses::awaitExit);
    }

    /** Stops one TaskManager that no longer belongs to the cluster's list (the autoscaler freed it). */
    void stopTaskManager(long pid, String directory) {
        handle(pid, directory).ifPresent(process -> {
            process.destroy();
            awaitExit(process);
        });
    }

    /** Waits for a process asked to stop, then kills it. */
    private static void awaitExit(ProcessHandle process) {
        boolean archiving = process.info().commandLine().map(ClassArchives::writesAtExit).orElse(false);
        try {
            process.onExit().get((archiving ? ARCHIVING_GRACE : GRACE).toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
        }
    }

    private static Optional<ProcessHandle> handle(long pid, String directory) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(line -> line.contains(directory)).orElse(true));
    }
}
