package dev.fling.health;

import dev.fling.runtime.FlinkRuntime;
import io.quarkus.scheduler.Scheduled;
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
        return Map.of("runtime", runtime.name());
    }

    @Scheduled(every = "5s", delayed = "0s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        refresh();
    }
}
