package dev.fling.runtime.operator;

import static dev.fling.runtime.operator.Annotations.MANAGED_BY;
import static dev.fling.runtime.operator.Annotations.MANAGED_BY_LABEL;

import dev.fling.runtime.JobListener;
import dev.fling.runtime.JobObservation;
import dev.fling.runtime.JobRecord;
import dev.fling.runtime.operator.model.FlinkDeployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Follows Fling's FlinkDeployments in every allowed namespace (one informer each) and hands each
 * change to the listener, read ({@link JobRecordReader}) and interpreted ({@link StatusInterpreter},
 * with the autoscaler's reason for a resize from {@link ScalingReports}), except the echo of Fling's
 * own tracking patch ({@link OwnWrites}); restarts a watch that stays down while the API server answers,
 * or that says it is open but has not echoed Fling's own writes ({@link WatchLiveness}).
 */
final class DeploymentWatch {

    private static final Logger LOG = Logger.getLogger(DeploymentWatch.class);
    /**
     * No resync: it replays every cached deployment (stubs, see {@link VersionOnlyStore}) through
     * the thread that delivers status changes, and delays the changes queued behind it
     * (docs/benchmarks.md). Nothing needs it: an observation the tracker could not act on is kept
     * and tried again by its sweep, and the informer lists again after a broken watch.
     */
    private static final long NO_RESYNC = 0;
    private static final long SUPERVISE_SECONDS = 2;
    private static final int WATCH_DOWN_CHECKS = 3;


    private final KubernetesClient client;
    private final List<String> namespaces;
    private final StatusInterpreter interpreter;
    private final JobRecordReader reader;
    private final OwnWrites ownWrites;
    private final Supplier<Optional<String>> apiServerProblem;
    private final ScalingReports reports;
    private final WatchLiveness liveness;
    private final Map<String, SharedIndexInformer<FlinkDeployment>> informers = new HashMap<>();
    private final Map<String, Integer> watchDown = new HashMap<>();
    private ScheduledExecutorService supervisor;
    private boolean stopped;

    DeploymentWatch(KubernetesClient client, List<String> namespaces, StatusInterpreter interpreter,
            JobRecordReader reader, OwnWrites ownWrites, Supplier<Optional<String>> apiServerProblem,
            Duration echoWithin) {
        this.client = client;
        this.namespaces = namespaces;
        this.interpreter = interpreter;
        this.reader = reader;
        this.ownWrites = ownWrites;
        this.apiServerProblem = apiServerProblem;
        this.reports = new ScalingReports(client);
        this.liveness = new WatchLiveness(echoWithin, System::nanoTime);
    }

    /**
     * The API server acknowledged Fling's create, patch or delete of a deployment in the namespace,
     * one this watch follows: its echo is due ({@link WatchLiveness}).
     */
    void written(String namespace) {
        liveness.written(namespace);
    }

    /** Starts following from a thread of its own; nothing waits for it. */
    void start(JobListener listener) {
        Thread starter = new Thread(() -> startWatching(listener), "fling-watch-start");
        starter.setDaemon(true);
        starter.start();
    }

    private synchronized void startWatching(JobListener listener) {
        if (stopped) {
            return;
        }
        // Known by kind, a watched FlinkDeployment is read straight into its class, not read as a
        // generic resource and converted (docs/benchmarks.md).
        client.getKubernetesSerialization().registerKubernetesResource(FlinkDeployment.class);
        for (String namespace : namespaces) {
            informers.put(namespace, inform(namespace, listener));
        }
        supervisor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "fling-watch-supervisor");
            thread.setDaemon(true);
            return thread;
        });
        supervisor.scheduleWithFixedDelay(() -> supervise(listener), SUPERVISE_SECONDS, SUPERVISE_SECONDS,
                TimeUnit.SECONDS);
    }

    private SharedIndexInformer<FlinkDeployment> inform(String namespace, JobListener listener) {
        SharedIndexInformer<FlinkDeployment> informer = client.resources(FlinkDeployment.class).inNamespace(namespace)
                .withLabel(MANAGED_BY_LABEL, MANAGED_BY)
                .withoutLabel(SessionResources.POOL_LABEL) // the warm pool's session clusters run no job of their own
                .runnableInformer(NO_RESYNC);
        informer.itemStore(new VersionOnlyStore());
        informer.exceptionHandler((started, failure) -> {
            LOG.warnf("watching FlinkDeployments in %s failed (%s); retrying", namespace, failure.getMessage());
            return true;
        });
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(FlinkDeployment deployment) {
                liveness.delivered(namespace);
                deliver(listener, deployment);
            }

            @Override
            public void onUpdate(FlinkDeployment before, FlinkDeployment after) {
                liveness.delivered(namespace);
                if (!unchanged(before, after) && !ownWrites.echo(after)) {
                    deliver(listener, after);
                }
            }

            @Override
            public void onDelete(FlinkDeployment deployment, boolean finalStateUnknown) {
                liveness.delivered(namespace);
                ownWrites.forget(OperatorRuntime.ref(deployment));
                reports.forget(OperatorRuntime.ref(deployment));
                listener.removed(OperatorRuntime.ref(deployment));
            }
        });
        // start() lists asynchronously: an unreachable API server must not hold up start-up.
        informer.start().whenComplete((ignored, failure) -> {
            if (failure == null) {
                LOG.infof("following FlinkDeployments in namespace %s", namespace);
            }
        });
        return informer;
    }

    /**
     * A watch that keeps failing with something other than 410 Gone (seen: 400 after the API server
     * came back) is retried by the informer with the same resource version forever, and every
     * change is missed; a watch whose connection went silent says it is watching and delivers
     * nothing. When the API answers but a watch has been down for a while, or has not echoed
     * Fling's own write in time, list and watch again from scratch.
     */
    private synchronized void supervise(JobListener listener) {
        for (Map.Entry<String, SharedIndexInformer<FlinkDeployment>> entry : informers.entrySet()) {
            String namespace = entry.getKey();
            if (entry.getValue().isWatching()) {
                watchDown.remove(namespace);
                Optional<Duration> silent = liveness.stale(namespace);
                if (silent.isPresent() && apiServerProblem.get().isEmpty()) {
                    restart(entry, listener, String.format("the watch of FlinkDeployments in %s delivered nothing "
                            + "for %d s after Fling's own write to it; listing and watching again", namespace,
                            silent.get().toSeconds()));
                }
                continue;
            }
            int checks = watchDown.merge(namespace, 1, Integer::sum);
            if (checks >= WATCH_DOWN_CHECKS && apiServerProblem.get().isEmpty()) {
                restart(entry, listener, String.format("the watch of FlinkDeployments in %s has been down for %d s; "
                        + "listing and watching again", namespace, checks * SUPERVISE_SECONDS));
                watchDown.remove(namespace);
            }
        }
    }

    private void restart(Map.Entry<String, SharedIndexInformer<FlinkDeployment>> entry, JobListener listener,
            String why) {
        LOG.warn(why);
        entry.getValue().stop();
        liveness.restarted(entry.getKey());
        entry.setValue(inform(entry.getKey(), listener));
    }

    private void deliver(JobListener listener, FlinkDeployment deployment) {
        try {
            JobRecord record = reader.read(deployment);
            JobObservation seen = reports.withReason(deployment, interpreter.interpret(deployment));
            listener.observed(record, StatusInterpreter.held(record.queue(), seen));
        } catch (RuntimeException e) {
            // One bad update must not stop the informer; the deployment's next change is read afresh.
            LOG.warnf(e, "could not process the status of %s", OperatorRuntime.ref(deployment));
        }
    }

    /**
     * A list after a broken watch hands every deployment over again, most of them unchanged;
     * interpreting thousands of them again held up the updates queued behind them on the
     * informer's one thread (scripts/bench, completion latency).
     */
    private static boolean unchanged(FlinkDeployment before, FlinkDeployment after) {
        return Objects.equals(before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion());
    }

    /** Whether every namespace's informer has listed the deployments once (each handed to the listener). */
    synchronized boolean synced() {
        return !informers.isEmpty() && informers.values().stream().allMatch(SharedIndexInformer::hasSynced);
    }

    synchronized void stop() {
        stopped = true;
        if (supervisor != null) {
            supervisor.shutdownNow();
        }
        informers.values().forEach(SharedIndexInformer::stop);
        informers.clear();
    }
}
