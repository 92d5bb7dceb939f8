package dev.fling.examples.temporal;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** The workflow: one activity that lasts as long as the job, retried when its worker is lost. */
public class FlinkJobWorkflowImpl implements FlinkJobWorkflow {

    private final FlingActivities fling = Workflow.newActivityStub(FlingActivities.class, ActivityOptions.newBuilder()
            // The activity ends when the job does, so its limit is the job's longest run, not an HTTP call's.
            .setStartToCloseTimeout(Duration.ofHours(2))
            // JobEndWatcher heartbeats for the activity; a silent worker is noticed in this time and the
            // activity retried, and the retry finds the job its first attempt launched.
            .setHeartbeatTimeout(Duration.ofSeconds(30))
            .setRetryOptions(RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofSeconds(1))
                    .setMaximumAttempts(5)
                    // How a job ended is final: Fling retries Flink itself (retry.maxAttempts of the launch).
                    .setDoNotRetry(JobEnding.FAILED, JobEnding.CANCELLED, JobEnding.TIMED_OUT, FlingClient.REJECTED)
                    .build())
            .build());

    @Override
    public JobResult run(JobSpec spec) {
        return fling.runJob(spec);
    }
}
