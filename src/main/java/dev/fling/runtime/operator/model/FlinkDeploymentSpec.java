package dev.fling.runtime.operator.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;

/** {@code spec} of a FlinkDeployment: the fields of the operator's CRD that Fling sets. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@RegisterForReflection
public class FlinkDeploymentSpec {
    public String image;
    public String flinkVersion;
    public String serviceAccount;
    public String mode;
    public Map<String, String> flinkConfiguration;
    public ProcessSpec jobManager;
    public ProcessSpec taskManager;
    public JobSpec job;
    /** Changing it makes the operator redeploy the job: Fling's retries. */
    public Long restartNonce;

    /** {@code jobManager} / {@code taskManager}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class ProcessSpec {
        public Resource resource;
        public Integer replicas;
    }

    /** CPU and memory of one pod. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Resource {
        public Double cpu;
        public String memory;
    }
}
