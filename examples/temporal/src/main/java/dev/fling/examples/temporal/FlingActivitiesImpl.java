package dev.fling.examples.temporal;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;

/**
 * Launches through Fling's HTTP API with a request id fixed by the workflow and the activity, then
 * hands the activity to {@link JobEndWatcher}, which completes it when the job's terminal event
 * arrives: no worker thread waits for a job.
 */
public class FlingActivitiesImpl implements FlingActivities {

    private final FlingClient fling;
    private final JobEndWatcher endings;

    public FlingActivitiesImpl(FlingClient fling, JobEndWatcher endings) {
        this.fling = fling;
        this.endings = endings;
    }

    @Override
    public JobResult runJob(JobSpec spec) {
        ActivityExecutionContext context = Activity.getExecutionContext();
        String job = fling.launch(spec, RequestIds.of(context.getInfo()));
        context.doNotCompleteOnReturn();
        endings.await(job, context.getTaskToken());
        return null; // ignored: the activity completes through the ActivityCompletionClient
    }
}
