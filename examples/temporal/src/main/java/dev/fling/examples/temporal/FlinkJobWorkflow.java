package dev.fling.examples.temporal;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Runs one Flink job through Fling and returns when it has ended. */
@WorkflowInterface
public interface FlinkJobWorkflow {

    /** Succeeds with the job's result, or fails with Flink's root cause when the job failed. */
    @WorkflowMethod
    JobResult run(JobSpec spec);
}
