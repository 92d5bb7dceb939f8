package dev.fling.examples.temporal;

import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.client.ActivityCompletionClient;
import io.temporal.failure.ApplicationFailure;
import java.util.Optional;

/**
 * How a job ended, read from a terminal lifecycle event or from {@code GET /jobs/{name}}, and what
 * that makes of the activity waiting for it: its result, or a failure that carries Fling's
 * {@code error} (Flink's root cause).
 */
record JobEnding(String job, String failureType, String flinkJobId, String message) {

    /** Failure types; the workflow's retry options name them as not worth retrying. */
    static final String FAILED = "FlinkJobFailed";
    static final String CANCELLED = "FlinkJobCancelled";
    static final String TIMED_OUT = "FlinkJobTimedOut";

    boolean succeeded() {
        return failureType == null;
    }

    /** From a lifecycle event of {@code job}; empty unless the event is a terminal one. */
    static Optional<JobEnding> fromEvent(String type, String job, JsonNode data) {
        return switch (type) {
            case "dev.fling.job.succeeded" -> Optional.of(new JobEnding(job, null, text(data, "flinkJobId"), null));
            case "dev.fling.job.failed" -> Optional.of(new JobEnding(job, FAILED, null, text(data, "error")));
            case "dev.fling.job.cancelled" -> Optional.of(new JobEnding(job, CANCELLED, null,
                    "the job was cancelled (" + text(data, "reason") + ")"));
            case "dev.fling.job.timedout" -> Optional.of(new JobEnding(job, TIMED_OUT, null,
                    "the job ran past its deadline of " + text(data, "deadlineSeconds") + " s"));
            default -> Optional.empty();
        };
    }

    /** From the job as {@code GET /jobs/{name}} shows it; empty while it has not ended. */
    static Optional<JobEnding> fromJob(JsonNode view) {
        String job = text(view, "name");
        return switch (view.path("state").asText()) {
            case "succeeded" -> Optional.of(new JobEnding(job, null, text(view, "flinkJobId"), null));
            case "failed" -> Optional.of(new JobEnding(job, FAILED, null, text(view, "lastError")));
            case "cancelled" -> Optional.of(new JobEnding(job, CANCELLED, null, "the job was cancelled"));
            case "timed_out" -> Optional.of(new JobEnding(job, TIMED_OUT, null, "the job ran past its deadline"));
            default -> Optional.empty();
        };
    }

    /** Completes the activity waiting under {@code taskToken}. */
    void complete(ActivityCompletionClient completions, byte[] taskToken) {
        if (succeeded()) {
            completions.complete(taskToken, new JobResult(job, flinkJobId));
        } else {
            completions.completeExceptionally(taskToken,
                    ApplicationFailure.newNonRetryableFailure("job " + job + ": " + message, failureType));
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
