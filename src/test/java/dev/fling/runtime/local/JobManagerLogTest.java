package dev.fling.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobManagerLogTest {

    private static final String ENTRY_CLASS_NOT_FOUND = """
            2026-12-02 22:07:51,140 INFO  org.apache.flink.client.program.artifact.ArtifactUtils       [] - Created parents for base dir: /w/artifacts
            2026-12-02 22:07:51,150 ERROR org.apache.flink.runtime.rest.handler.job.JobDetailsHandler  [] - Exception occurred in REST handler: Job 573a not found
            2026-12-02 22:07:51,206 ERROR org.apache.flink.runtime.entrypoint.ClusterEntrypoint        [] - Could not create application program.
            org.apache.flink.util.FlinkException: Could not load the provided entrypoint class.
            \tat org.apache.flink.client.program.DefaultPackagedProgramRetriever.getPackagedProgram(DefaultPackagedProgramRetriever.java:231) ~[flink-clients-2.2.1.jar:2.2.1]
            Caused by: org.apache.flink.client.program.ProgramInvocationException: The program's entry point class 'acc.Missing' was not found in the jar file.
            \tat org.apache.flink.client.program.PackagedProgram.loadMainClass(PackagedProgram.java:469) ~[flink-clients-2.2.1.jar:2.2.1]
            \t... 4 more
            Caused by: java.lang.ClassNotFoundException: acc.Missing
            \tat java.base/java.net.URLClassLoader.findClass(URLClassLoader.java:445) ~[?:?]
            2026-12-02 22:07:51,300 INFO  org.apache.flink.runtime.entrypoint.ClusterEntrypoint        [] - Shutting down.
            """;

    @Test
    void theLastErrorIsReportedWithItsChainOfCauses() {
        assertThat(JobManagerLog.lastError(ENTRY_CLASS_NOT_FOUND)).contains("Could not create application program: "
                + "org.apache.flink.util.FlinkException: Could not load the provided entrypoint class.; caused by: "
                + "org.apache.flink.client.program.ProgramInvocationException: The program's entry point class "
                + "'acc.Missing' was not found in the jar file.; caused by: java.lang.ClassNotFoundException: acc.Missing");
    }

    @Test
    void errorsOfTheRestHandlersAboutPollsAreNotTheCause() {
        String polls = """
                2026-12-02 22:07:57,355 ERROR org.apache.flink.runtime.rest.handler.job.JobDetailsHandler  [] - Exception occurred in REST handler: Job 573a not found
                2026-12-02 22:07:57,356 INFO  org.apache.flink.runtime.dispatcher.StandaloneDispatcher     [] - Received job
                """;

        assertThat(JobManagerLog.lastError(polls)).isEmpty();
    }

    @Test
    void anErrorWithoutAStackTraceIsItsMessage() {
        assertThat(JobManagerLog.lastError(
                "2026-12-02 22:07:57,355 ERROR org.apache.flink.runtime.entrypoint.ClusterEntrypoint [] - Fatal: no port\n"))
                .contains("Fatal: no port");
    }

    @Test
    void aMissingLogHasNoError(@TempDir Path directory) {
        assertThat(JobManagerLog.lastError(directory.resolve("jobmanager.log"))).isEmpty();
    }

    @Test
    void theErrorIsReadFromTheLogFile(@TempDir Path directory) throws Exception {
        Path log = Files.writeString(directory.resolve("jobmanager.log"), ENTRY_CLASS_NOT_FOUND);

        assertThat(JobManagerLog.lastError(log)).hasValueSatisfying(error -> assertThat(error)
                .contains("The program's entry point class 'acc.Missing' was not found in the jar file."));
    }

    @Test
    void theDashboardGetsTheLogsLastLines(@TempDir Path directory) throws Exception {
        LocalJob.Cluster cluster = new LocalJob.Cluster();
        cluster.directory = directory.toString();
        Files.createDirectories(directory.resolve("log"));
        Files.writeString(directory.resolve("log").resolve("jobmanager.log"), ENTRY_CLASS_NOT_FOUND);

        assertThat(JobManagerLog.lastLines(cluster, 2)).containsExactly(
                "\tat java.base/java.net.URLClassLoader.findClass(URLClassLoader.java:445) ~[?:?]",
                "2026-12-02 22:07:51,300 INFO  org.apache.flink.runtime.entrypoint.ClusterEntrypoint        [] - Shutting down.");
        assertThat(JobManagerLog.lastLines(cluster, 100)).hasSize(ENTRY_CLASS_NOT_FOUND.lines().toList().size());
        assertThat(JobManagerLog.lastLines(cluster, 0)).isEmpty();
    }

    @Test
    void aClusterWithoutALogHasNoLines(@TempDir Path directory) {
        LocalJob.Cluster cluster = new LocalJob.Cluster();
        cluster.directory = directory.toString();

        assertThat(JobManagerLog.lastLines(cluster, 10)).isEmpty();
    }
}
