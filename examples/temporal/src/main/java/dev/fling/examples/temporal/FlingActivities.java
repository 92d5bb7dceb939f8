package dev.fling.examples.temporal;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** What the workflow asks of Fling. */
@ActivityInterface
public interface FlingActivities {

    /**
     * Launches the job and completes when it ends: with its result when it succeeded, with a
     * non-retryable failure carrying Flink's root cause when it failed, was cancelled or timed out.
     */
    @ActivityMethod
    JobResult runJob(JobSpec spec);
}
