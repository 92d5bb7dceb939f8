package dev.fling.health;

import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * A readiness check whose probe runs in the background: a health request returns the last
 * result at once instead of waiting on an unreachable service.
 */
abstract class BackgroundCheck implements HealthCheck {

    private final String name;
    private volatile Optional<String> problem = Optional.of("not checked yet");

    BackgroundCheck(String name) {
        this.name = name;
    }

    /** Empty when the service answers; otherwise what is wrong, in words a user can act on. */
    abstract Optional<String> probe();

    /** Extra data for the health response. */
    Map<String, String> data() {
        return Map.of();
    }

    void refresh() {
        try {
            problem = probe();
        } catch (RuntimeException e) {
            problem = Optional.of(String.valueOf(e.getMessage()));
        }
    }

    @Override
    public HealthCheckResponse call() {
        Optional<String> current = problem;
        var response = HealthCheckResponse.named(name).withData("reason", current.orElse("reachable"));
        data().forEach(response::withData);
        return response.status(current.isEmpty()).build();
    }

}
