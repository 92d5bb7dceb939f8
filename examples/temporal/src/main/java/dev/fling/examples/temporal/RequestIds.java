package dev.fling.examples.temporal;

import io.temporal.activity.ActivityInfo;

/**
 * The id of a launch request. Fling names a job from the request's (source, id), so every attempt
 * of one activity, which keeps its workflow id and activity id, finds the job the first attempt
 * launched instead of launching a second one.
 */
final class RequestIds {

    private RequestIds() {
    }

    static String of(ActivityInfo activity) {
        return of(activity.getWorkflowId(), activity.getActivityId());
    }

    static String of(String workflowId, String activityId) {
        return workflowId + "/" + activityId;
    }
}
