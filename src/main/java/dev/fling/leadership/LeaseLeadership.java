package dev.fling.leadership;

import dev.fling.runtime.FlinkRuntime;
import dev.fling.tracking.JobTracker;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * With {@code fling.ha.enabled}, several instances run side by side: all of them take requests
 * (Kafka splits the partitions, any of them answers HTTP), and the one holding a Kubernetes Lease
 * reports transitions and runs deadlines, retries and time-to-live. A leader that stops renewing
 * steps down; the others are candidates all the time. Without it, this instance leads alone.
 */
@ApplicationScoped
public class LeaseLeadership {

    private static final Logger LOG = Logger.getLogger(LeaseLeadership.class);

    private final KubernetesClient client;
    private final HaConfig ha;
    private final FlinkRuntime runtime;
    private final JobTracker tracker;
    private final String identity;
    private ScheduledExecutorService executor;
    private CompletableFuture<?> election;
    private volatile boolean stopping;

    public LeaseLeadership(KubernetesClient client, HaConfig ha, FlinkRuntime runtime, JobTracker tracker,
            MeterRegistry meters) {
        this.client = client;
        this.ha = ha;
        this.runtime = runtime;
        this.tracker = tracker;
        this.identity = ha.identity().orElseGet(LeaseLeadership::defaultIdentity);
        meters.gauge("fling.leader", tracker, t -> t.leading() ? 1 : 0);
    }

    void onStart(@Observes StartupEvent start) {
        if (!ha.enabled()) {
            return;
        }
        if (!runtime.sharedBetweenInstances()) {
            throw new IllegalStateException("fling.ha.enabled needs fling.runtime=operator: the " + runtime.name()
                    + " runtime's clusters run on this one machine, so a second instance could not take them over");
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "fling-leader-election");
            thread.setDaemon(true);
            return thread;
        });
        LOG.infof("taking part in leader election as %s (Lease %s/%s)", identity, ha.namespace(),
                ha.leaseName());
        stand();
    }

    /** Becomes a candidate; after losing the lease (or failing to reach the API), a candidate again. */
    private synchronized void stand() {
        if (stopping) {
            return;
        }
        election = client.leaderElector()
                .withConfig(new LeaderElectionConfigBuilder()
                        .withName("fling")
                        .withLock(new LeaseLock(ha.namespace(), ha.leaseName(), identity))
                        .withLeaseDuration(ha.leaseDuration())
                        .withRenewDeadline(ha.renewDeadline())
                        .withRetryPeriod(ha.retryPeriod())
                        .withReleaseOnCancel(true)
                        .withLeaderCallbacks(new LeaderCallbacks(this::startLeading, this::stopLeading,
                                leader -> LOG.infof("the leader is now %s", leader)))
                        .build())
                .build()
                .start();
        election.whenComplete((ignored, failure) -> {
            tracker.lead(false);
            if (!stopping) {
                executor.schedule(this::stand, ha.retryPeriod().toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    private void startLeading() {
        LOG.infof("%s leads: reporting transitions and running deadlines, retries and time-to-live", identity);
        tracker.lead(true);
    }

    private void stopLeading() {
        tracker.lead(false);
        LOG.infof("%s no longer leads", identity);
    }

    /** Steps down and hands the lease back, so that another instance takes over at once. */
    @PreDestroy
    synchronized void stop() {
        stopping = true;
        tracker.lead(false);
        if (election != null) {
            election.cancel(true);
        }
        if (executor != null) {
            executor.shutdown();
        }
    }

    private static String defaultIdentity() {
        String pod = System.getenv("POD_NAME");
        if (pod != null && !pod.isBlank()) {
            return pod;
        }
        try {
            return InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
        } catch (UnknownHostException e) {
            return "fling-" + ProcessHandle.current().pid();
        }
    }
}
