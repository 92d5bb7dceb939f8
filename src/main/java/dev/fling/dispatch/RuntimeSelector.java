package dev.fling.dispatch;

import dev.fling.runtime.FlinkRuntime;
import dev.fling.runtime.RuntimeConfig;
import dev.fling.runtime.local.LocalRuntime;
import dev.fling.runtime.operator.OperatorRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

/** The one place that knows which runtime runs the jobs. */
public class RuntimeSelector {

    @Produces
    @ApplicationScoped
    FlinkRuntime runtime(RuntimeConfig config, Instance<OperatorRuntime> operator, Instance<LocalRuntime> local) {
        return switch (config.runtime()) {
            case operator -> operator.get();
            case local -> local.get();
        };
    }
}
