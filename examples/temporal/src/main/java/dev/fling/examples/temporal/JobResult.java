package dev.fling.examples.temporal;

/** What a workflow gets back when its job succeeded: the job's name in Fling and Flink's job id. */
public record JobResult(String job, String flinkJobId) {
}
