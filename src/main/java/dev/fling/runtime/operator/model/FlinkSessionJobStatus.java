package dev.fling.runtime.operator.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code status} of a FlinkSessionJob. The operator writes both kinds from one class (its
 * CommonStatus: jobStatus, error, observedGeneration, lifecycleState, reconciliationStatus), so
 * this is a {@link FlinkDeploymentStatus} whose {@code jobManagerDeploymentStatus} stays unset
 * (the session deployment has it), and a session job's status is read by the same rules.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@RegisterForReflection
public class FlinkSessionJobStatus extends FlinkDeploymentStatus {
}
