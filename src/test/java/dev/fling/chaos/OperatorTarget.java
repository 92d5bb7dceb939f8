package dev.fling.chaos;

import dev.fling.runtime.operator.model.FlinkDeployment;
import dev.fling.testing.FaultyHttpProxy;
import dev.fling.testing.FlingProcess;
import dev.fling.testing.KafkaBroker;
import dev.fling.testing.MockKubernetes;
import dev.fling.testing.TcpProxy;
import io.cloudevents.CloudEvent;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The operator runtime under fire: the mock API server with the testing operator behind a faulty
 * HTTP proxy and a TCP proxy, and one packaged Fling, or two sharing leadership through the Lease
 * (then the leader is what gets killed). Clusters are FlinkDeployments, watched from outside.
 */
final class OperatorTarget implements ChaosTarget {

    static final String NAMESPACE = "chaos-it";
    static final int JOB_SECONDS = 12;
    static final int TTL_SECONDS = 5;
    private static final String LEASE = "fling-leader";

    private final KafkaBroker kafka;
    private final long seed;
    private final boolean ha;
    private final MockKubernetes kubernetes;
    private final FaultyHttpProxy faulty;
    private final TcpProxy api;
    private final Map<String, Set<String>> clusters = new ConcurrentHashMap<>();
    private final Watch watch;
    private final FlingProcess[] instances;
    private final List<Long> starts = new CopyOnWriteArrayList<>();
    /** Per leader kill: when, the lease taken by the other instance, the first transition reported after it. */
    private final List<long[]> takeOvers = new ArrayList<>();
    private int generation;

    OperatorTarget(KafkaBroker kafka, long seed, boolean ha) throws Exception {
        this.kafka = kafka;
        this.seed = seed;
        this.ha = ha;
        kubernetes = MockKubernetes.start(0);
        kubernetes.operator().finishJobsAfter(Duration.ofSeconds(JOB_SECONDS));
        faulty = new FaultyHttpProxy(URI.create(kubernetes.url()), seed);
        api = new TcpProxy(URI.create(faulty.url()));
        api.restore();
        instances = new FlingProcess[ha ? 2 : 1];
        watch = kubernetes.client().resources(FlinkDeployment.class).inNamespace(NAMESPACE).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, FlinkDeployment deployment) {
                if (action == Action.ADDED) {
                    clusters.computeIfAbsent(deployment.getMetadata().getName(), n -> ConcurrentHashMap.newKeySet())
                            .add(deployment.getMetadata().getUid());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                System.out.println("chaos: the watch of clusters closed: " + cause);
            }
        });
    }

    @Override
    public void start() throws Exception {
        for (int i = 0; i < instances.length; i++) {
            instances[i] = startInstance(i);
            if (ha && i == 0) {
                awaitLeader(identity(0)); // the first leads, so that the run knows whom a leader kill ends
            }
        }
    }

    private FlingProcess startInstance(int i) throws Exception {
        Map<String, String> environment = FlingProcess.operatorEnvironment(kafka, api.url(), ChaosPlan.PREFIX, NAMESPACE);
        environment.put("FLING_KAFKA_SESSION_TIMEOUT_MS", "6000");
        environment.put("FLING_DEFAULTS_TTL_SECONDS_AFTER_FINISHED", Integer.toString(TTL_SECONDS));
        if (ha) {
            environment.putAll(Map.of("FLING_HA_ENABLED", "true", "FLING_HA_NAMESPACE", NAMESPACE,
                    "FLING_HA_IDENTITY", identity(i), "FLING_HA_LEASE_DURATION", "4s",
                    "FLING_HA_RENEW_DEADLINE", "3s", "FLING_HA_RETRY_PERIOD", "500ms"));
        }
        FlingProcess fling = FlingProcess.start(ChaosPlan.PREFIX + "-" + seed + "-" + generation++, environment);
        starts.add(System.currentTimeMillis());
        fling.awaitReady();
        return fling;
    }

    private static String identity(int i) {
        return "chaos-" + (char) ('a' + i);
    }

    @Override
    public FlingProcess entry(int index) {
        FlingProcess chosen = instances[index % instances.length];
        if (chosen != null && chosen.isAlive()) {
            return chosen;
        }
        FlingProcess other = instances[(index + 1) % instances.length];
        return other != null && other.isAlive() ? other : null;
    }

    @Override
    public void inject(ChaosPlan.Fault fault) throws Exception {
        switch (fault.kind()) {
            case SIGKILL -> {
                instances[0].kill();
                instances[0] = null;
                ChaosTime.hold(fault.millis());
                instances[0] = startInstance(0);
            }
            case SIGTERM -> {
                int which = (int) (seed % instances.length); // with two, the same one each time: a follower or a leader
                instances[which].close();
                instances[which] = null;
                instances[which] = startInstance(which);
            }
            case LEADER_KILL -> killLeader(fault.millis());
            case API_CUT -> {
                api.cut();
                ChaosTime.hold(fault.millis());
                api.restore();
            }
            case API_STALL -> {
                api.stall();
                ChaosTime.hold(fault.millis());
                api.flow();
            }
            case API_ERRORS -> {
                faulty.fail(1.0 / 3);
                ChaosTime.hold(fault.millis());
                faulty.fail(0);
            }
            case BROKER_STOP -> {
                kafka.stop();
                ChaosTime.hold(fault.millis());
                kafka.startAgain();
            }
            default -> throw new IllegalArgumentException(fault.kind() + " is not a fault of the operator runtime");
        }
    }

    /**
     * Kills the instance the Lease names, notes when the other takes the Lease, and starts the
     * killed one again after the pause (it then stands by).
     */
    private void killLeader(int pauseMillis) throws Exception {
        String holder = holder();
        int leader = identity(0).equals(holder) ? 0 : identity(1).equals(holder) ? 1 : -1;
        if (leader < 0 || instances[leader] == null) {
            System.out.println("chaos: no leader to kill (the Lease names " + holder + ")");
            return;
        }
        long killed = System.currentTimeMillis();
        instances[leader].kill();
        instances[leader] = null;
        String standby = identity(1 - leader);
        long taken = -1;
        try {
            Awaitility.await(standby + " takes the Lease").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> standby.equals(holder()));
            taken = System.currentTimeMillis();
        } catch (ConditionTimeoutException e) {
            System.out.println("chaos: " + e.getMessage());
        }
        takeOvers.add(new long[] {killed, taken});
        ChaosTime.hold(pauseMillis);
        instances[leader] = startInstance(leader);
    }

    private String holder() {
        try {
            Lease lease = kubernetes.client().resources(Lease.class).inNamespace(NAMESPACE).withName(LEASE).get();
            return lease == null ? null : lease.getSpec().getHolderIdentity();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void awaitLeader(String identity) {
        Awaitility.await(identity + " holds the Lease").atMost(Duration.ofSeconds(60)).until(() -> identity.equals(holder()));
    }

    @Override
    public void failJob(String job) {
        kubernetes.operator().fail(NAMESPACE, job, "chaos: the job failed on purpose");
    }

    @Override
    public Map<String, Set<String>> clusters() {
        return clusters;
    }

    @Override
    public boolean empty() {
        return kubernetes.client().resources(FlinkDeployment.class).inNamespace(NAMESPACE).list().getItems().isEmpty();
    }

    @Override
    public Set<String> leftBehind(List<CloudEvent> events) {
        Set<String> left = ConcurrentHashMap.newKeySet();
        for (FlinkDeployment deployment : kubernetes.client().resources(FlinkDeployment.class).inNamespace(NAMESPACE)
                .list().getItems()) {
            String job = deployment.getMetadata().getName();
            if (events.stream().anyMatch(e -> job.equals(e.getSubject()) && ChaosCheck.TERMINAL.contains(ChaosCheck.kind(e)))) {
                left.add(job);
            }
        }
        return left;
    }

    @Override
    public List<Long> starts() {
        return starts;
    }

    /**
     * With leader kills: the time from each kill to the Lease taken by the standby, and to the
     * first transition reported after it (only the leader reports transitions; accepted and
     * rejected come from whichever instance took the request, so they do not count).
     */
    @Override
    public Map<String, String> figures(List<CloudEvent> events, List<Long> eventTimes) {
        if (takeOvers.isEmpty()) {
            return Map.of();
        }
        List<Long> toLease = new ArrayList<>();
        List<Long> toEvent = new ArrayList<>();
        for (long[] takeOver : takeOvers) {
            if (takeOver[1] > 0) {
                toLease.add(takeOver[1] - takeOver[0]);
            }
            long first = ChaosTarget.firstAfter(events, eventTimes, takeOver[0],
                    e -> !ChaosCheck.kind(e).equals("accepted") && !ChaosCheck.kind(e).equals("rejected"));
            if (first >= 0) {
                toEvent.add(first);
            }
        }
        return Map.of(
                "leader kill to the Lease taken by the standby, p50 / max (ms, " + toLease.size() + " of "
                        + takeOvers.size() + " kills)", ChaosRun.p50AndMax(toLease),
                "leader kill to the first transition reported after it, p50 / max (ms)", ChaosRun.p50AndMax(toEvent));
    }

    @Override
    public void close() throws Exception {
        for (FlingProcess instance : instances) {
            if (instance != null) {
                instance.kill(); // checked already: nothing to wait for
            }
        }
        watch.close();
        api.close();
        faulty.close();
        kubernetes.close();
    }
}
