package dev.fling.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fling.runtime.operator.model.FlinkDeployment;
import dev.fling.runtime.operator.model.FlinkDeploymentStatus;
import dev.fling.runtime.operator.model.FlinkDeploymentStatus.JobStatus;
import dev.fling.runtime.operator.model.FlinkSessionJob;
import dev.fling.runtime.operator.model.FlinkSessionJobStatus;
import io.fabric8.kubernetes.client.CustomResource;
import dev.fling.runtime.operator.model.FlinkDeploymentStatus.ReconciliationStatus;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Plays the Apache Flink Kubernetes Operator against the mock API server: reconciles every
 * FlinkDeployment whose spec it has not yet observed and writes status in the steps, and with the
 * fields, the real operator writes (see docs/design.md, "runtime/operator", and the operator's
 * ReconciliationUtils, JobStatusObserver and ApplicationReconciler). What the operator learns from
 * Flink itself (finished, failed, cancelled from the UI) is driven by the test through the methods
 * below. Session mode as well: a FlinkDeployment without {@code spec.job} becomes a ready session
 * cluster running no job (SessionReconciler, SessionObserver), and a FlinkSessionJob waits until
 * the deployment it names is READY, then goes through the job's states like an application
 * deployment's job (SessionJobReconciler): the same status fields, written on the session job.
 */
public final class TestingFlinkOperator implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "testing-flink-operator");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final AtomicLong savepoints = new AtomicLong();
    private final Watch watch;
    private final Watch sessionJobWatch;
    private volatile long autoFinishMillis = -1;

    TestingFlinkOperator(KubernetesClient client) {
        this.client = client;
        this.watch = client.resources(FlinkDeployment.class).inAnyNamespace().watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, FlinkDeployment deployment) {
                if (action == Action.ADDED || action == Action.MODIFIED) {
                    String namespace = deployment.getMetadata().getNamespace();
                    String name = deployment.getMetadata().getName();
                    worker.submit(() -> {
                        try {
                            reconcile(FlinkDeployment.class, namespace, name);
                        } catch (RuntimeException e) {
                            System.err.println("testing operator: reconciling " + namespace + "/" + name + " failed: " + e);
                        }
                    });
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
        this.sessionJobWatch = client.resources(FlinkSessionJob.class).inAnyNamespace().watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, FlinkSessionJob job) {
                if (action == Action.ADDED || action == Action.MODIFIED) {
                    String namespace = job.getMetadata().getNamespace();
                    String name = job.getMetadata().getName();
                    worker.submit(() -> {
                        try {
                            reconcile(FlinkSessionJob.class, namespace, name);
                        } catch (RuntimeException e) {
                            System.err.println("testing operator: reconciling session job " + namespace + "/" + name
                                    + " failed: " + e);
                        }
                    });
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
    }

    /**
     * Makes every job FINISH on its own this long after it starts running, as a bounded job would
     * (for the demo, where no test drives the operator).
     */
    public void finishJobsAfter(java.time.Duration runtime) {
        this.autoFinishMillis = runtime.toMillis();
    }

    /** Jobs whose name starts with this prefix stay deploying until {@link #release}. */
    public void holdDeployment(String namePrefix) {
        held.add(namePrefix);
    }

    public void release(String namePrefix) {
        held.remove(namePrefix);
        java.util.stream.Stream.concat(
                client.resources(FlinkDeployment.class).inAnyNamespace().list().getItems().stream()
                        .map(d -> Map.entry(FlinkDeployment.class, d.getMetadata())),
                client.resources(FlinkSessionJob.class).inAnyNamespace().list().getItems().stream()
                        .map(j -> Map.entry(FlinkSessionJob.class, j.getMetadata())))
                .filter(e -> e.getValue().getName().startsWith(namePrefix))
                .forEach(e -> worker.submit(() -> startRunning(e.getKey(), e.getValue().getNamespace(),
                        e.getValue().getName())));
    }

    /** Flink reports the job FINISHED: lifecycle stays STABLE. */
    public void finish(String namespace, String name) {
        onWorker(() -> status(kindOf(namespace, name), namespace, name, status -> status.jobStatus.state = "FINISHED"));
    }

    /** Flink reports the job FAILED: lifecycle FAILED, the cause as FlinkResourceException JSON in status.error. */
    public void fail(String namespace, String name, String rootCause) {
        ObjectNode error = JSON.createObjectNode()
                .put("type", "org.apache.flink.util.SerializedThrowable")
                .put("message", "Recovery is suppressed by NoRestartBackoffTimeStrategy");
        error.putObject("additionalMetadata");
        error.putArray("throwableList").addObject()
                .put("type", "org.apache.flink.util.SerializedThrowable")
                .put("message", rootCause)
                .putObject("additionalMetadata");
        onWorker(() -> status(kindOf(namespace, name), namespace, name, status -> {
            status.jobStatus.state = "FAILED";
            status.lifecycleState = "FAILED";
            status.error = error.toString();
        }));
    }

    /** Someone cancels the job from the Flink UI: CANCELED, and the operator marks it suspended. */
    public void cancelExternally(String namespace, String name) {
        onWorker(() -> status(kindOf(namespace, name), namespace, name, status -> {
            status.jobStatus.state = "CANCELED";
            status.reconciliationStatus.lastReconciledSpec =
                    withJobState(status.reconciliationStatus.lastReconciledSpec, "suspended");
            status.lifecycleState = "SUSPENDED";
        }));
    }

    /**
     * The operator's autoscaler resizes the job in place, as operator 1.10 records it
     * (ScalingExecutor, KubernetesAutoScalerEventHandler, KubernetesAutoScalerStateStore,
     * KubernetesScalingRealizer, NativeFlinkService.scale): first the {@code ScalingReport} event on
     * the FlinkDeployment (one per deployment, updated in place), then the overrides in its state
     * ConfigMap {@code autoscaler-<name>}, then the spec it deploys with the overrides in
     * {@code pipeline.jobvertex-parallelism-overrides} as the last reconciled spec (the user's spec
     * untouched, the job RUNNING throughout), stable on the next observation.
     *
     * @param vertices each vertex's parallelism before and after, by vertex id
     */
    public void autoscale(String namespace, String name, Map<String, int[]> vertices) {
        onWorker(() -> {
            // The autoscaler of operator 1.10 scales application deployments (a session job is not autoscaled).
            FlinkDeployment deployment = (FlinkDeployment) get(FlinkDeployment.class, namespace, name);
            scalingReport(deployment, vertices);
            Map<String, Integer> overrides = new LinkedHashMap<>();
            vertices.forEach((id, change) -> overrides.put(id, change[1]));
            client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
                    .withNewMetadata().withName("autoscaler-" + name).withNamespace(namespace)
                    .addToLabels("component", "autoscaler").addToLabels("app", name).endMetadata()
                    .addToData("parallelismOverrides", formatOverrides(overrides))
                    .build()).createOr(c -> c.update());
            JsonNode desired = withOverrides(JSON.valueToTree(deployment.getSpec()), namespace, name);
            status(FlinkDeployment.class, namespace, name, status -> {
                status.reconciliationStatus.lastReconciledSpec = specWithMeta(desired, "running", false);
                status.reconciliationStatus.reconciliationTimestamp = System.currentTimeMillis();
                status.reconciliationStatus.state = "DEPLOYED";
                status.lifecycleState = "DEPLOYED";
            });
            status(FlinkDeployment.class, namespace, name, status -> {
                status.reconciliationStatus.lastStableSpec = status.reconciliationStatus.lastReconciledSpec;
                status.lifecycleState = "STABLE";
            });
        });
    }

    /** The autoscaler's report, created or updated under the name EventUtils.generateEventName gives it. */
    private void scalingReport(FlinkDeployment deployment, Map<String, int[]> vertices) {
        StringBuilder message = new StringBuilder("Scaling execution enabled, begin scaling vertices:");
        vertices.forEach((id, change) -> message.append(String.format(java.util.Locale.ROOT,
                "{ Vertex ID %s | Parallelism %d -> %d | Processing capacity %.2f -> %.2f | Target data rate %.2f}",
                id, change[0], change[1], 100.0 * change[0], 100.0 * change[1], 70.0 * change[1])));
        String eventName = "Operator." + (("ScalingReport" + "ScalingExecutor" + "Normal" + "FlinkDeployment"
                + deployment.getMetadata().getName() + deployment.getMetadata().getUid()).hashCode() & 0x7FFFFFFF);
        String namespace = deployment.getMetadata().getNamespace();
        String now = java.time.Instant.now().toString();
        Event existing = client.v1().events().inNamespace(namespace).withName(eventName).get();
        Event event = existing != null ? existing : new EventBuilder()
                .withNewMetadata().withName(eventName).withNamespace(namespace).endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion("flink.apache.org/v1beta1")
                        .withKind("FlinkDeployment").withName(deployment.getMetadata().getName())
                        .withNamespace(namespace).withUid(deployment.getMetadata().getUid()).build())
                .withType("Normal").withReason("ScalingReport").withFirstTimestamp(now).withCount(0)
                .withNewSource().withComponent("Operator").endSource()
                .build();
        event.setMessage(message.toString());
        event.setLastTimestamp(now);
        event.setCount(event.getCount() + 1);
        client.v1().events().inNamespace(namespace).resource(event).createOr(e -> e.update());
    }

    /** What the operator's applyAutoscaler does to the spec before it diffs: the stored overrides written in. */
    private JsonNode withOverrides(JsonNode spec, String namespace, String name) {
        ConfigMap state = client.configMaps().inNamespace(namespace).withName("autoscaler-" + name).get();
        String overrides = state == null || state.getData() == null ? null : state.getData().get("parallelismOverrides");
        if (overrides == null) {
            return spec;
        }
        ObjectNode copy = spec.deepCopy();
        ObjectNode conf = copy.has("flinkConfiguration") && copy.get("flinkConfiguration").isObject()
                ? (ObjectNode) copy.get("flinkConfiguration") : copy.putObject("flinkConfiguration");
        conf.put("pipeline.jobvertex-parallelism-overrides", overrides);
        return copy;
    }

    private static String formatOverrides(Map<String, Integer> overrides) {
        StringBuilder text = new StringBuilder();
        overrides.forEach((id, parallelism) -> text.append(text.isEmpty() ? "" : ",").append(id).append(':')
                .append(parallelism));
        return text.toString();
    }

    /** Runs a test's action on the operator's own thread, after what it is already doing. */
    private void onWorker(Runnable action) {
        try {
            worker.submit(action).get();
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private void reconcile(Class<?> kind, String namespace, String name) {
        CustomResource<?, ? extends FlinkDeploymentStatus> resource = get(kind, namespace, name);
        if (resource == null) {
            return;
        }
        long generation = resource.getMetadata().getGeneration();
        FlinkDeploymentStatus status = resource.getStatus();
        if (status != null && status.observedGeneration != null && status.observedGeneration >= generation) {
            return; // nothing new in the spec
        }
        JsonNode desired = JSON.valueToTree(resource.getSpec());
        if (kind == FlinkDeployment.class && desired.path("job").isMissingNode()) {
            deploySessionCluster(namespace, name, desired, generation);
            return;
        }
        if (kind == FlinkSessionJob.class && !sessionClusterReady(namespace, desired.path("deploymentName").asText())) {
            return; // as SessionJobReconciler.readyToReconcile: tried again when the cluster is ready
        }
        if (kind == FlinkDeployment.class) {
            desired = withOverrides(desired, namespace, name); // the autoscaler's, as the operator applies them
        }
        JsonNode reconciled = status == null || status.reconciliationStatus == null
                || status.reconciliationStatus.lastReconciledSpec == null
                ? null : readTree(status.reconciliationStatus.lastReconciledSpec).path("spec");
        String desiredState = desired.path("job").path("state").asText("running");

        if (reconciled == null && "suspended".equals(desiredState)) {
            return; // as the operator: a resource submitted suspended is not deployed until its state says running
        } else if (reconciled == null) {
            deployFirstTime(kind, namespace, name, desired, generation);
        } else if ("suspended".equals(desiredState)) {
            suspend(kind, namespace, name, desired, generation);
        } else if (onlyNonceChanged(reconciled, desired)) {
            manualSavepoint(kind, namespace, name, desired, generation);
        } else {
            upgrade(kind, namespace, name, desired, generation);
        }
    }

    /**
     * A session cluster: deployed with no job (jobStatus stays empty), its JobManager then READY and
     * the spec marked stable by the SessionObserver; the session jobs waiting for it are then submitted.
     */
    private void deploySessionCluster(String namespace, String name, JsonNode desired, long generation) {
        Class<?> kind = FlinkDeployment.class;
        status(kind, namespace, name, status -> {
            status.jobManagerDeploymentStatus = "MISSING";
            status.observedGeneration = generation;
            status.reconciliationStatus.state = "UPGRADING";
            status.reconciliationStatus.lastReconciledSpec = specWithMeta(desired, null, true);
            status.lifecycleState = "UPGRADING";
        });
        status(kind, namespace, name, status -> {
            status.jobManagerDeploymentStatus = "DEPLOYING";
            status.reconciliationStatus.state = "DEPLOYED";
            status.lifecycleState = "DEPLOYED";
        });
        status(kind, namespace, name, status -> {
            status.jobManagerDeploymentStatus = "READY";
            status.reconciliationStatus.lastStableSpec = status.reconciliationStatus.lastReconciledSpec;
            status.lifecycleState = "STABLE";
        });
        client.resources(FlinkSessionJob.class).inNamespace(namespace).list().getItems().stream()
                .filter(job -> job.getSpec() != null && name.equals(job.getSpec().deploymentName))
                .forEach(job -> reconcile(FlinkSessionJob.class, namespace, job.getMetadata().getName()));
    }

    private boolean sessionClusterReady(String namespace, String deploymentName) {
        FlinkDeployment session = client.resources(FlinkDeployment.class).inNamespace(namespace)
                .withName(deploymentName).get();
        return session != null && session.getStatus() != null
                && "READY".equals(session.getStatus().jobManagerDeploymentStatus);
    }

    private void deployFirstTime(Class<?> kind, String namespace, String name, JsonNode desired, long generation) {
        status(kind, namespace, name, status -> {
            status.lifecycleState = "UPGRADING";
            status.jobManagerDeploymentStatus = "MISSING";
            status.observedGeneration = generation;
            status.reconciliationStatus.state = "UPGRADING";
            status.reconciliationStatus.lastReconciledSpec = specWithMeta(desired, "suspended", true);
        });
        deployed(kind, namespace, name, desired, true);
    }

    private void deployed(Class<?> kind, String namespace, String name, JsonNode desired, boolean first) {
        status(kind, namespace, name, status -> {
            status.lifecycleState = "DEPLOYED";
            status.jobManagerDeploymentStatus = "DEPLOYING";
            status.jobStatus.state = "RECONCILING";
            status.jobStatus.jobId = UUID.randomUUID().toString().replace("-", "");
            status.jobStatus.upgradeSavepointPath = null;
            status.error = null;
            status.reconciliationStatus.state = "DEPLOYED";
            status.reconciliationStatus.lastReconciledSpec = specWithMeta(desired, "running", first);
        });
        if (held.stream().noneMatch(name::startsWith)) {
            startRunning(kind, namespace, name);
        }
    }

    private void startRunning(Class<?> kind, String namespace, String name) {
        status(kind, namespace, name, status -> {
            if (!"RECONCILING".equals(status.jobStatus.state)) {
                return;
            }
            status.jobManagerDeploymentStatus = "READY";
            status.jobStatus.state = "RUNNING";
            status.jobStatus.startTime = Long.toString(System.currentTimeMillis());
            status.reconciliationStatus.lastStableSpec = status.reconciliationStatus.lastReconciledSpec;
            status.lifecycleState = "STABLE";
        });
        if (autoFinishMillis >= 0) {
            java.util.concurrent.CompletableFuture.delayedExecutor(autoFinishMillis, java.util.concurrent.TimeUnit.MILLISECONDS)
                    .execute(() -> worker.submit(() -> status(kind, namespace, name, status -> {
                        if ("RUNNING".equals(status.jobStatus.state)) {
                            status.jobStatus.state = "FINISHED";
                        }
                    })));
        }
    }

    private void suspend(Class<?> kind, String namespace, String name, JsonNode desired, long generation) {
        boolean withSavepoint = "savepoint".equals(desired.path("job").path("upgradeMode").asText());
        status(kind, namespace, name, status -> {
            status.jobStatus.state = "FINISHED";
            status.jobStatus.upgradeSavepointPath = withSavepoint ? savepointPath(name) : null;
            status.jobManagerDeploymentStatus = withSavepoint ? "READY" : "MISSING";
            status.observedGeneration = generation;
            status.reconciliationStatus.lastReconciledSpec = specWithMeta(desired, "suspended", false);
            status.reconciliationStatus.lastStableSpec = status.reconciliationStatus.lastReconciledSpec;
            status.lifecycleState = "SUSPENDED";
        });
    }

    private void manualSavepoint(Class<?> kind, String namespace, String name, JsonNode desired, long generation) {
        long nonce = desired.path("job").path("savepointTriggerNonce").asLong();
        status(kind, namespace, name, status -> {
            var savepoint = new FlinkDeploymentStatus.Savepoint();
            savepoint.timeStamp = System.currentTimeMillis();
            savepoint.location = savepointPath(name);
            savepoint.triggerType = "MANUAL";
            savepoint.formatType = "CANONICAL";
            savepoint.triggerNonce = nonce;
            status.jobStatus.savepointInfo = new FlinkDeploymentStatus.SavepointInfo();
            status.jobStatus.savepointInfo.lastSavepoint = savepoint;
            status.observedGeneration = generation;
            status.reconciliationStatus.lastReconciledSpec = specWithMeta(desired, "running", false);
            status.reconciliationStatus.lastStableSpec = status.reconciliationStatus.lastReconciledSpec;
        });
    }

    /** A spec change (parallelism, restartNonce, ...) is a full upgrade in native mode: stop, then redeploy. */
    private void upgrade(Class<?> kind, String namespace, String name, JsonNode desired, long generation) {
        boolean withSavepoint = !"stateless".equals(desired.path("job").path("upgradeMode").asText());
        status(kind, namespace, name, status -> {
            status.jobStatus.state = "FINISHED"; // the old job, stopped for the upgrade
            status.jobStatus.upgradeSavepointPath = withSavepoint ? savepointPath(name) : null;
            status.observedGeneration = generation;
            status.reconciliationStatus.state = "UPGRADING";
            status.reconciliationStatus.lastReconciledSpec = specWithMeta(desired, "suspended", false);
            status.lifecycleState = "UPGRADING";
        });
        deployed(kind, namespace, name, desired, false);
    }

    /**
     * Writes status as the operator does: through the status subresource, reading the latest
     * resource first and trying again when Fling changed it meanwhile (409), as a controller
     * re-reconciles. A resource deleted meanwhile is left alone.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void status(Class<?> kind, String namespace, String name, Consumer<FlinkDeploymentStatus> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.resources((Class<CustomResource>) kind).inNamespace(namespace).withName(name).editStatus(resource -> {
                    FlinkDeploymentStatus status = Objects.requireNonNullElseGet((FlinkDeploymentStatus) resource.getStatus(),
                            () -> kind == FlinkSessionJob.class ? new FlinkSessionJobStatus() : new FlinkDeploymentStatus());
                    if (status.jobStatus == null) {
                        status.jobStatus = new JobStatus();
                    }
                    if (status.reconciliationStatus == null) {
                        status.reconciliationStatus = new ReconciliationStatus();
                    }
                    change.accept(status);
                    status.jobStatus.updateTime = Long.toString(System.currentTimeMillis());
                    resource.setStatus(status);
                    return resource;
                });
                return;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() == 404) {
                    return;
                }
                if (e.getCode() != 409 || attempt >= 20) {
                    throw e;
                }
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private CustomResource<?, ? extends FlinkDeploymentStatus> get(Class<?> kind, String namespace, String name) {
        return (CustomResource<?, ? extends FlinkDeploymentStatus>) client.resources((Class<CustomResource>) kind)
                .inNamespace(namespace).withName(name).get();
    }

    /** The kind of Fling's resource for the job of that name: its FlinkSessionJob when it started warm. */
    private Class<?> kindOf(String namespace, String name) {
        return client.resources(FlinkSessionJob.class).inNamespace(namespace).withName(name).get() != null
                ? FlinkSessionJob.class : FlinkDeployment.class;
    }

    private String savepointPath(String name) {
        return "file:///flink-data/savepoints/" + name + "/savepoint-" + savepoints.incrementAndGet();
    }

    private static boolean onlyNonceChanged(JsonNode reconciled, JsonNode desired) {
        ObjectNode a = reconciled.deepCopy();
        ObjectNode b = desired.deepCopy();
        ((ObjectNode) a.path("job")).remove(java.util.List.of("savepointTriggerNonce", "state", "upgradeMode"));
        ((ObjectNode) b.path("job")).remove(java.util.List.of("savepointTriggerNonce", "state", "upgradeMode"));
        return a.equals(b) && !Objects.equals(reconciled.path("job").path("savepointTriggerNonce"),
                desired.path("job").path("savepointTriggerNonce"));
    }

    /** {@code {"spec":..., "resource_metadata":...}} as the operator's SpecUtils writes it. */
    private static String specWithMeta(JsonNode spec, String jobState, boolean firstDeployment) {
        ObjectNode copy = spec.deepCopy();
        if (jobState != null) {
            ((ObjectNode) copy.path("job")).put("state", jobState);
        }
        ObjectNode withMeta = JSON.createObjectNode();
        withMeta.set("spec", copy);
        withMeta.putObject("resource_metadata")
                .put("apiVersion", "flink.apache.org/v1beta1")
                .put("firstDeployment", firstDeployment);
        return withMeta.toString();
    }

    private static String withJobState(String specWithMeta, String jobState) {
        ObjectNode node = (ObjectNode) readTree(specWithMeta);
        ((ObjectNode) node.path("spec").path("job")).put("state", jobState);
        return node.toString();
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        watch.close();
        sessionJobWatch.close();
        worker.shutdownNow();
    }
}
