package dev.fling.runtime.operator;

import dev.fling.admission.DefaultsConfig;
import dev.fling.runtime.JobDefinition;
import java.util.List;
import dev.fling.runtime.operator.model.FlinkDeployment;
import dev.fling.runtime.operator.model.FlinkDeploymentSpec;
import java.util.Objects;

/**
 * What a pooled session deployment is: where it runs and what its processes are. A launch can
 * take one only if it asks for exactly this ({@link SessionFit}); read back from the deployment's
 * own spec, so a restarted Fling knows its pool without anything kept elsewhere.
 */
record PoolShape(String namespace, String image, String flinkVersion, JobDefinition.ProcessResources jobManager,
        JobDefinition.ProcessResources taskManager, int taskSlots) {

    /** The shapes the pool keeps: one per allowed namespace, with what a launch gets by default. */
    static List<PoolShape> defaults(List<String> namespaces, DefaultsConfig defaults) {
        return namespaces.stream().map(namespace -> new PoolShape(namespace, defaults.image(), defaults.flinkVersion(),
                new JobDefinition.ProcessResources(defaults.jobManagerCpu(), defaults.jobManagerMemory()),
                new JobDefinition.ProcessResources(defaults.taskManagerCpu(), defaults.taskManagerMemory()),
                defaults.taskManagerSlots())).toList();
    }

    /** The shape of an existing pooled deployment; null when its spec lacks a part of it. */
    static PoolShape of(FlinkDeployment deployment) {
        FlinkDeploymentSpec spec = deployment.getSpec();
        if (spec == null || spec.jobManager == null || spec.taskManager == null || spec.flinkConfiguration == null) {
            return null;
        }
        try {
            return new PoolShape(deployment.getMetadata().getNamespace(), spec.image, spec.flinkVersion,
                    resources(spec.jobManager), resources(spec.taskManager),
                    Integer.parseInt(Objects.requireNonNullElse(
                            spec.flinkConfiguration.get(FlinkDeployments.TASK_SLOTS), "1")));
        } catch (NumberFormatException | NullPointerException e) {
            return null;
        }
    }

    private static JobDefinition.ProcessResources resources(FlinkDeploymentSpec.ProcessSpec process) {
        return new JobDefinition.ProcessResources(process.resource.cpu, process.resource.memory);
    }
}
