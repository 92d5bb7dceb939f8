package dev.fling.health;

import dev.fling.runtime.FlinkRuntime;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when the runtime's backing service answers (for the operator runtime, the Kubernetes API). */
@Readiness
@Singleton
public class RuntimeReadiness extends BackgroundCheck {

    private final FlinkRuntime runtime;

    public RuntimeReadiness(FlinkRuntime runtime) {
        super("flink-runtime");
        this.runtime = runtime;
    }

    @Override
    Optional<String> probe() {
        return runtime.unavailableReason();
    }

    @Override
    Map<String, String> data() {
        Map<String, String> data = new java.util.LinkedHashMap<>(runtime.degraded());
        data.put("runtime", runtime.name());
        return data;
    }

    /**
     * The first probe, as early as start-up allows and beside it: it waits for the Kubernetes
     * client to be built, which would otherwise only begin once start-up is over (JFR).
     */
    void onStart(@Observes @Priority(1) StartupEvent start) {
        Thread first = new Thread(this::refresh, "fling-readiness-first-probe");
        first.setDaemon(true);
        first.start();
    }

    @Scheduled(every = "5s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        refresh();
    }
}
