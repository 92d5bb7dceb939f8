package dev.fling.runtime;

import dev.fling.runtime.local.LocalRuntime;
import dev.fling.runtime.operator.OperatorRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

/** The one place that names the runtime implementations and picks the one {@code fling.runtime} asks for. */
public class RuntimeFactory {

    @Produces
    @ApplicationScoped
    FlinkRuntime runtime(RuntimeConfig config, Instance<OperatorRuntime> operator, Instance<LocalRuntime> local) {
        return switch (config.runtime()) {
            case operator -> operator.get();
            case local -> local.get();
        };
    }
}
