package dev.fling.examples.temporal;

import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.net.URI;
import java.util.Optional;

/**
 * A worker for the workflow and its activity: the wiring the tests use, and a {@code main} for a
 * Temporal server of your own ({@code TEMPORAL_ADDRESS}, default {@code localhost:7233}).
 */
public final class FlingWorker {

    public static final String TASK_QUEUE = "fling";

    private FlingWorker() {
    }

    /** The client launches use: their source names the Temporal namespace. */
    public static FlingClient client(FlingSettings settings, WorkflowClient temporal) {
        return new FlingClient(settings.url(), URI.create("/temporal/" + temporal.getOptions().getNamespace()),
                settings.token());
    }

    /** Registers the workflow and {@code activities} on a worker of {@code taskQueue}. */
    public static Worker register(WorkerFactory factory, String taskQueue, FlingActivities activities) {
        Worker worker = factory.newWorker(taskQueue);
        worker.registerWorkflowImplementationTypes(FlinkJobWorkflowImpl.class);
        worker.registerActivitiesImplementations(activities);
        return worker;
    }

    public static void main(String[] args) {
        FlingSettings settings = FlingSettings.fromEnvironment();
        String address = Optional.ofNullable(System.getenv("TEMPORAL_ADDRESS")).orElse("localhost:7233");
        WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
        WorkflowClient temporal = WorkflowClient.newInstance(service);
        FlingClient fling = client(settings, temporal);
        JobEndWatcher endings = JobEndWatcher.start(settings.bootstrapServers(), settings.eventsTopic(), fling,
                temporal.newActivityCompletionClient());
        WorkerFactory factory = WorkerFactory.newInstance(temporal);
        register(factory, TASK_QUEUE, new FlingActivitiesImpl(fling, endings));
        factory.start();
    }
}
