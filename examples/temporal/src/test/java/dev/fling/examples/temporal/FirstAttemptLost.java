package dev.fling.examples.temporal;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The activity as a worker that is lost right after sending the launch would run it: its first
 * attempt launches and then fails; later attempts are the real activity.
 */
final class FirstAttemptLost implements FlingActivities {

    final AtomicInteger launches = new AtomicInteger();
    private final FlingClient fling;
    private final FlingActivities activity;

    FirstAttemptLost(FlingClient fling, FlingActivities activity) {
        this.fling = fling;
        this.activity = activity;
    }

    @Override
    public JobResult runJob(JobSpec spec) {
        ActivityInfo info = Activity.getExecutionContext().getInfo();
        launches.incrementAndGet();
        if (info.getAttempt() == 1) {
            fling.launch(spec, RequestIds.of(info));
            throw new IllegalStateException("worker lost right after the launch");
        }
        return activity.runJob(spec);
    }
}
