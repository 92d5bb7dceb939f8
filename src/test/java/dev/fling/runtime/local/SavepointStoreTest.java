package dev.fling.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.fling.events.RequestContext;
import dev.fling.runtime.JobPolicy;
import dev.fling.runtime.JobRecord;
import dev.fling.runtime.JobRef;
import dev.fling.runtime.JobState;
import dev.fling.runtime.KeptSavepoint;
import dev.fling.runtime.TrackingState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavepointStoreTest {

    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @TempDir
    Path work;

    private SavepointStore store(Optional<Duration> retention) {
        return new SavepointStore(work.resolve("savepoints"), JSON, retention);
    }

    private Path savepoint(String job, String name, Instant takenAt) throws Exception {
        Path directory = work.resolve("savepoints").resolve(job).resolve(name);
        Files.createDirectories(directory);
        Path metadata = Files.writeString(directory.resolve("_metadata"), "meta");
        Files.setLastModifiedTime(metadata, FileTime.from(takenAt));
        return directory;
    }

    private static JobRecord record(String job) {
        RequestContext launch = new RequestContext("id-1", "/tests", "dev.fling.job.launch", Map.of());
        return new JobRecord(new JobRef("default", job), launch, Map.of("team", "a"),
                new JobPolicy(null, 0, Duration.ofSeconds(1), 1, Duration.ZERO), NOW.minusSeconds(60),
                new TrackingState(JobState.CANCELLED, NOW.minusSeconds(5), 1, 1, null, null, List.of()),
                null, null, null);
    }

    @Test
    void savepointsAreListedOldestFirstAsFlinkReportsTheirPaths() throws Exception {
        Path newer = savepoint("job-a", "savepoint-2", NOW.minusSeconds(10));
        Path older = savepoint("job-a", "savepoint-1", NOW.minusSeconds(20));
        Files.createDirectories(work.resolve("savepoints/job-a/savepoint-unfinished"));

        assertThat(store(Optional.empty()).list("job-a")).containsExactly(
                new KeptSavepoint("file:" + older, NOW.minusSeconds(20)),
                new KeptSavepoint("file:" + newer, NOW.minusSeconds(10)));
        assertThat(store(Optional.empty()).list("job-b")).isEmpty();
    }

    @Test
    void aRemovedJobWithSavepointsIsKeptBesideThem() throws Exception {
        savepoint("job-a", "savepoint-1", NOW.minusSeconds(20));
        SavepointStore store = store(Optional.empty());

        store.jobRemoved(record("job-a"), NOW);

        assertThat(store.removed("job-a")).hasValueSatisfying(removed -> {
            assertThat(removed.removedAt()).isEqualTo(NOW);
            assertThat(removed.record().tracking().state()).isEqualTo(JobState.CANCELLED);
            assertThat(removed.record().labels()).containsEntry("team", "a");
        });
        assertThat(store.list("job-a")).hasSize(1);
    }

    @Test
    void aRemovedJobWithoutSavepointsLeavesNothing() throws Exception {
        Files.createDirectories(work.resolve("savepoints/job-a/savepoint-unfinished"));
        SavepointStore store = store(Optional.empty());

        store.jobRemoved(record("job-a"), NOW);

        assertThat(store.removed("job-a")).isEmpty();
        assertThat(work.resolve("savepoints/job-a")).doesNotExist();
    }

    @Test
    void withoutARetentionEverySavepointIsKept() throws Exception {
        Path old = savepoint("job-a", "savepoint-1", NOW.minus(Duration.ofDays(400)));

        store(Optional.empty()).applyRetention(NOW);

        assertThat(old).isDirectory();
    }

    @Test
    void theRetentionDeletesOlderSavepointsAndARemovedJobOnceNoneIsLeft() throws Exception {
        Path old = savepoint("job-a", "savepoint-1", NOW.minus(Duration.ofDays(8)));
        Path recent = savepoint("job-b", "savepoint-1", NOW.minus(Duration.ofDays(1)));
        Path running = savepoint("job-c", "savepoint-1", NOW.minus(Duration.ofDays(9)));
        SavepointStore store = store(Optional.of(Duration.ofDays(7)));
        store.jobRemoved(record("job-a"), NOW.minus(Duration.ofDays(2)));

        store.applyRetention(NOW);

        assertThat(old).doesNotExist();
        assertThat(work.resolve("savepoints/job-a")).as("the removed job's record goes with its last savepoint")
                .doesNotExist();
        assertThat(recent).isDirectory();
        assertThat(running).doesNotExist();
        assertThat(work.resolve("savepoints/job-c")).as("a job still tracked keeps its directory").isDirectory();
    }

    @Test
    void aSavepointExpiresExactlyWhenTheRetentionHasPassed() {
        assertThat(SavepointStore.expired(NOW.minusSeconds(60), NOW, Duration.ofSeconds(60))).isTrue();
        assertThat(SavepointStore.expired(NOW.minusSeconds(59), NOW, Duration.ofSeconds(60))).isFalse();
    }
}
