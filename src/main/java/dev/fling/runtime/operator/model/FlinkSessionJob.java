package dev.fling.runtime.operator.model;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The Flink Kubernetes Operator's FlinkSessionJob (flink.apache.org/v1beta1): a job the operator
 * submits to the session cluster of the FlinkDeployment named by {@code spec.deploymentName}.
 * Fling's warm path on Kubernetes; reduced, like {@link FlinkDeployment}, to what Fling writes and reads.
 */
@Group("flink.apache.org")
@Version("v1beta1")
@Kind("FlinkSessionJob")
@Plural("flinksessionjobs")
@RegisterForReflection
public class FlinkSessionJob extends CustomResource<FlinkSessionJobSpec, FlinkSessionJobStatus> implements Namespaced {
}
