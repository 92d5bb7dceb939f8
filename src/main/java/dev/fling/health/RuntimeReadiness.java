package dev.fling.health;

import dev.fling.runtime.FlinkRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only when the runtime's backing service answers (for the operator runtime, the
 * Kubernetes API). Kafka's side is reported by the messaging health checks beside this one.
 */
@Readiness
@ApplicationScoped
public class RuntimeReadiness implements HealthCheck {

    private final FlinkRuntime runtime;

    public RuntimeReadiness(FlinkRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public HealthCheckResponse call() {
        Optional<String> problem = runtime.unavailableReason();
        return HealthCheckResponse.named("flink-runtime")
                .withData("runtime", runtime.name())
                .withData("reason", problem.orElse("reachable"))
                .status(problem.isEmpty())
                .build();
    }
}
