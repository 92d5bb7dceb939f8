package dev.fling.runtime.local;

import java.util.List;
import org.jboss.logging.Logger;

/**
 * A TaskManager of a running cluster that exited (killed, out of memory) is started again, as
 * Kubernetes starts a TaskManager pod again under the operator. Without it the job, restarted by
 * Flink, waits for slots that never come until the adaptive scheduler's resource timeout (five
 * minutes) fails it, and meanwhile it is reported running. Called under the job's monitor.
 */
final class LostTaskManagers {

    private static final Logger LOG = Logger.getLogger(LostTaskManagers.class);

    private final ClusterProcesses processes;
    private final ClusterLauncher launcher;

    LostTaskManagers(ClusterProcesses processes, ClusterLauncher launcher) {
        this.processes = processes;
        this.launcher = launcher;
    }

    /** Whether the cluster's TaskManagers changed (the registry then needs saving). */
    boolean replace(LocalJob job) {
        LocalJob.Cluster cluster = job.cluster;
        List<Long> exited = processes.exitedTaskManagers(cluster);
        if (exited.isEmpty() || !processes.jobManagerAlive(cluster)) {
            return false; // a cluster whose JobManager is gone ends instead
        }
        cluster.taskManagerPids.removeAll(exited);
        exited.forEach(cluster.taskManagerIds::remove);
        int parallelism = LocalResizes.slotsNeeded(job); // an autoscaled job's, as its autoscaler last sized it
        LOG.warnf("job %s: TaskManager process %s exited; starting TaskManagers again for parallelism %d",
                job.definition.ref(), exited, parallelism);
        try {
            launcher.ensureTaskManagers(job, parallelism);
        } catch (RuntimeException e) {
            // Keep one exited id so that the next round sees the loss and tries again.
            cluster.taskManagerPids.add(exited.get(0));
            throw e;
        }
        return true;
    }
}
