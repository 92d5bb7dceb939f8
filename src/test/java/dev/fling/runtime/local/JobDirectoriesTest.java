package dev.fling.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fling.events.RequestContext;
import dev.fling.runtime.JobDefinition;
import dev.fling.runtime.JobPolicy;
import dev.fling.runtime.JobRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobDirectoriesTest {

    @TempDir
    Path work;

    @Test
    void aRemovedJobLeavesEachClustersLogsBehindAndNothingElse() throws IOException {
        LocalJob job = job("kept");
        Path attempt = work.resolve("jobs/kept/attempt-1");
        Path pooled = work.resolve("pool/p-7");
        write(attempt.resolve("log/jobmanager.log"));
        write(attempt.resolve("checkpoints/chk-1"));
        write(pooled.resolve("log/taskmanager-1.log"));
        job.pooledDirectories.add(pooled.toString());

        new JobDirectories(work.resolve("jobs"), true).remove(job);

        assertThat(work.resolve("jobs/kept")).doesNotExist();
        assertThat(pooled).doesNotExist();
        assertThat(work.resolve("logs/kept/attempt-1/jobmanager.log")).exists();
        assertThat(work.resolve("logs/kept/p-7/taskmanager-1.log")).exists();
    }

    @Test
    void withoutKeptLogsNothingOfTheJobIsLeft() throws IOException {
        LocalJob job = job("gone");
        write(work.resolve("jobs/gone/attempt-2/log/jobmanager.log"));

        new JobDirectories(work.resolve("jobs"), false).remove(job);

        assertThat(work.resolve("jobs/gone")).doesNotExist();
        assertThat(work.resolve("logs")).doesNotExist();
    }

    @Test
    void aJobThatNeverGotAClusterIsRemovedWithoutComplaint() {
        new JobDirectories(work.resolve("jobs"), true).remove(job("never"));

        assertThat(work.resolve("jobs/never")).doesNotExist();
    }

    private static void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "x");
    }

    private static LocalJob job(String name) {
        RequestContext request = new RequestContext("r-" + name, "/test", "dev.fling.job.launch", Map.of());
        return LocalJob.queued(new JobDefinition(new JobRef("default", name), "flink:1.20", "v1_20",
                "file:///jars/job.jar", "dev.fling.Job", List.of(), 1,
                new JobDefinition.ProcessResources(1, "1024m"), new JobDefinition.ProcessResources(1, "1024m"),
                1, Map.of(), null, Map.of(),
                new JobPolicy(null, 0, Duration.ofHours(1), 1, Duration.ZERO), request, Instant.now()), 0);
    }
}
