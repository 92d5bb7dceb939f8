package dev.fling.config;

import dev.fling.events.RequestContext;
import dev.fling.events.payload.EventData;
import dev.fling.events.payload.FieldError;
import dev.fling.events.payload.JobReference;
import dev.fling.events.payload.LaunchRequest;
import dev.fling.runtime.TrackingState;
import dev.fling.runtime.operator.model.FlinkDeployment;
import dev.fling.runtime.operator.model.FlinkDeploymentSpec;
import dev.fling.runtime.operator.model.FlinkDeploymentStatus;
import dev.fling.runtime.operator.model.JobSpec;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What Jackson reads and writes by reflection, listed for the native build (which keeps only
 * what it is told about): event payloads, requests, annotation contents and the CRD model.
 */
@RegisterForReflection(targets = {
    LaunchRequest.class, LaunchRequest.Resources.class, LaunchRequest.TaskManagerResources.class,
    LaunchRequest.RestoreFrom.class, LaunchRequest.RetryPolicy.class, JobReference.class, FieldError.class,
    EventData.Accepted.class, EventData.Rejected.class, EventData.Pending.class, EventData.Started.class,
    EventData.Rescaled.class, EventData.SavepointCompleted.class, EventData.Succeeded.class, EventData.Failed.class,
    EventData.Cancelled.class, EventData.TimedOut.class, RequestContext.class, TrackingState.class,
    FlinkDeployment.class, FlinkDeploymentSpec.class, FlinkDeploymentSpec.ProcessSpec.class,
    FlinkDeploymentSpec.Resource.class, JobSpec.class, FlinkDeploymentStatus.class,
    FlinkDeploymentStatus.JobStatus.class, FlinkDeploymentStatus.SavepointInfo.class,
    FlinkDeploymentStatus.Savepoint.class, FlinkDeploymentStatus.ReconciliationStatus.class
})
final class NativeReflection {
    private NativeReflection() {}
}
