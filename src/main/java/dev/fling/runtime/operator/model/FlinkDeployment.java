package dev.fling.runtime.operator.model;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The Flink Kubernetes Operator's FlinkDeployment, reduced to the fields Fling writes and reads
 * (flink.apache.org/v1beta1). Ours rather than the operator's API jar, which would bring an older
 * fabric8 and a Flink version enum that stops at 1.20.
 */
@Group("flink.apache.org")
@Version("v1beta1")
@Kind("FlinkDeployment")
@Plural("flinkdeployments")
@RegisterForReflection
public class FlinkDeployment extends CustomResource<FlinkDeploymentSpec, FlinkDeploymentStatus> implements Namespaced {
}
