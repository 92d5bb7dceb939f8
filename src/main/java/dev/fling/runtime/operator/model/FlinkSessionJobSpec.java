package dev.fling.runtime.operator.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;

/** {@code spec} of a FlinkSessionJob: the session cluster it runs on and the job, as a FlinkDeployment's {@code spec.job}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@RegisterForReflection
public class FlinkSessionJobSpec {
    /** The session FlinkDeployment (same namespace); the operator refuses to change it later. */
    public String deploymentName;
    /** Configuration Flink applies to this job (the cluster's own is the deployment's). */
    public Map<String, String> flinkConfiguration;
    public JobSpec job;
    /** Changing it makes the operator submit the job again: Fling's retries. */
    public Long restartNonce;
}
