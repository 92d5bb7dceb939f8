package dev.fling.runtime.operator.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code status} of a FlinkDeployment, as the operator writes it; only what Fling reads. States are
 * kept as the text the operator wrote, so that one a newer operator adds never fails reading a
 * watch event; {@link #lifecycle()} and {@link #jobState()} give them as enums.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@RegisterForReflection
public class FlinkDeploymentStatus {
    public JobStatus jobStatus;
    public String error;
    public Long observedGeneration;
    public String lifecycleState;
    public String jobManagerDeploymentStatus;
    public ReconciliationStatus reconciliationStatus;

    /** {@code lifecycleState}; {@link LifecycleState#UNKNOWN} when there is none or it is new to Fling. */
    public LifecycleState lifecycle() {
        return LifecycleState.of(lifecycleState);
    }

    /** {@code jobStatus.state}; {@link FlinkJobState#UNKNOWN} when there is none or it is new to Fling. */
    public FlinkJobState jobState() {
        return FlinkJobState.of(jobStatus == null ? null : jobStatus.state);
    }

    /** {@code status.jobStatus}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class JobStatus {
        public String jobName;
        public String jobId;
        public String state;
        public String startTime;
        public String updateTime;
        public String upgradeSavepointPath;
        public SavepointInfo savepointInfo;
    }

    /** {@code status.jobStatus.savepointInfo}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class SavepointInfo {
        public Savepoint lastSavepoint;
    }

    /** One savepoint the operator took. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Savepoint {
        public Long timeStamp;
        public String location;
        public String triggerType;
        public String formatType;
        public Long triggerNonce;
    }

    /** {@code status.reconciliationStatus}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class ReconciliationStatus {
        public Long reconciliationTimestamp;
        /** The spec the operator last deployed, as JSON text. */
        public String lastReconciledSpec;
        public String lastStableSpec;
        public String state;
    }
}
