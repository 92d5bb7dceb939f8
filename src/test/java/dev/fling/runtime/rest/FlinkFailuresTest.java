package dev.fling.runtime.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FlinkFailuresTest {

    @Test
    void wrappersThatOnlyRepeatTheirCauseAreDroppedAndEachCauseKeptOnce() {
        String trace = """
                java.util.concurrent.CompletionException: java.util.concurrent.CompletionException: \
                java.io.FileNotFoundException: Cannot find checkpoint or savepoint file/directory 'file:///x' on file system 'file'.
                \tat org.apache.flink.util.concurrent.FutureUtils.lambda$switchExecutor$24(FutureUtils.java:1335)
                Caused by: java.util.concurrent.CompletionException: java.io.FileNotFoundException: Cannot find \
                checkpoint or savepoint file/directory 'file:///x' on file system 'file'.
                \t... 4 more
                Caused by: java.io.FileNotFoundException: Cannot find checkpoint or savepoint file/directory 'file:///x' on file system 'file'.
                \tat org.apache.flink.runtime.checkpoint.Checkpoints.loadCheckpointMetadata(Checkpoints.java:1)
                """;

        assertThat(FlinkFailures.summarize(trace)).isEqualTo(
                "java.io.FileNotFoundException: Cannot find checkpoint or savepoint file/directory 'file:///x' on file "
                        + "system 'file'.");
    }

    @Test
    void aChainOfDifferentCausesReadsOutermostFirst() {
        String trace = """
                org.apache.flink.util.FlinkException: Could not load the provided entrypoint class.
                \tat org.apache.flink.client.program.DefaultPackagedProgramRetriever.getPackagedProgram(X.java:231)
                Caused by: org.apache.flink.client.program.ProgramInvocationException: The program's entry point class 'acc.Missing' was not found in the jar file.
                \t... 4 more
                Caused by: org.apache.flink.util.SerializedThrowable: java.lang.ClassNotFoundException: acc.Missing
                """;

        assertThat(FlinkFailures.summarize(trace)).isEqualTo("org.apache.flink.util.FlinkException: Could not load the "
                + "provided entrypoint class.; caused by: org.apache.flink.client.program.ProgramInvocationException: "
                + "The program's entry point class 'acc.Missing' was not found in the jar file.; caused by: "
                + "java.lang.ClassNotFoundException: acc.Missing");
    }

    @Test
    void aMessageThatMerelyMentionsAnExceptionNameIsKept() {
        assertThat(FlinkFailures.innermost("java.lang.IllegalStateException: fling example failure: MyError: boom"))
                .isEqualTo("java.lang.IllegalStateException: fling example failure: MyError: boom");
    }

    @Test
    void aVeryLongChainIsCut() {
        String trace = "java.lang.IllegalStateException: " + "x".repeat(5000);

        assertThat(FlinkFailures.summarize(trace)).hasSize(FlinkFailures.MAX_LENGTH).endsWith("...");
    }
}
