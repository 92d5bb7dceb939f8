package dev.fling.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassArchivesTest {

    private static final String TASK_MANAGER = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    private static final String JOB_MANAGER = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path dir;

    private final AtomicBoolean usable = new AtomicBoolean(true);

    private ClassArchives archives(boolean enabled) {
        return new ClassArchives(dir, JAVA, "lib/a.jar:lib/b.jar", enabled, archive -> usable.get());
    }

    @Test
    void theFirstProcessOfAKindWritesItsArchiveAndLaterOnesStartFromIt() throws IOException {
        ClassArchives archives = archives(true);
        ClassArchives.Plan first = archives.plan(TASK_MANAGER);
        Path part = first.writes().orElseThrow();
        assertThat(first.flags()).containsExactly("-XX:ArchiveClassesAtExit=" + part);
        assertThat(archives.plan(TASK_MANAGER)).as("a second process while the first writes").isEqualTo(ClassArchives.Plan.NONE);
        assertThat(archives.plan(JOB_MANAGER).writes()).as("another kind writes its own").isPresent();

        Files.write(part, new byte[] {1, 2, 3});
        archives.exited(TASK_MANAGER, first, 143);

        Path archive = archives.archive(TASK_MANAGER);
        assertThat(archive).exists().hasFileName(archive.getFileName().toString());
        assertThat(archive.getFileName().toString()).startsWith("TaskManagerRunner-").endsWith(".jsa");
        assertThat(part).doesNotExist();
        assertThat(archives.plan(TASK_MANAGER))
                .isEqualTo(new ClassArchives.Plan(List.of("-XX:SharedArchiveFile=" + archive), Optional.empty()));
    }

    @Test
    void anArchiveOfAKilledProcessIsDroppedAndTheNextProcessWritesAgain() throws IOException {
        ClassArchives archives = archives(true);
        ClassArchives.Plan first = archives.plan(TASK_MANAGER);
        Files.write(first.writes().orElseThrow(), new byte[] {1});
        archives.exited(TASK_MANAGER, first, 137);

        assertThat(first.writes().orElseThrow()).doesNotExist();
        assertThat(archives.archive(TASK_MANAGER)).doesNotExist();
        assertThat(archives.plan(TASK_MANAGER).writes()).isPresent();
    }

    @Test
    void anArchiveNoJvmStartsWithIsDropped() throws IOException {
        usable.set(false);
        ClassArchives archives = archives(true);
        ClassArchives.Plan first = archives.plan(TASK_MANAGER);
        Files.write(first.writes().orElseThrow(), new byte[] {1});
        archives.exited(TASK_MANAGER, first, 0);

        assertThat(archives.archive(TASK_MANAGER)).doesNotExist();
        assertThat(archives.plan(TASK_MANAGER).writes()).isPresent();
    }

    @Test
    void aProcessThatNeverStartedLetsTheNextOneWrite() {
        ClassArchives archives = archives(true);
        archives.exited(TASK_MANAGER, archives.plan(TASK_MANAGER), -1);
        assertThat(archives.plan(TASK_MANAGER).writes()).isPresent();
    }

    @Test
    void aRelativeWorkDirectoryIsNamedAbsolutelyToProcessesRunningElsewhere() {
        ClassArchives archives = new ClassArchives(Path.of("target", "relative-work"), JAVA, "lib/a.jar", true, a -> true);
        Path part = archives.plan(TASK_MANAGER).writes().orElseThrow();
        assertThat(part).isAbsolute();
        assertThat(archives.archive(TASK_MANAGER)).isAbsolute();
    }

    @Test
    void offAddsNothing() {
        assertThat(archives(false).plan(TASK_MANAGER)).isEqualTo(ClassArchives.Plan.NONE);
    }

    @Test
    void anotherDistributionOrEntryClassHasAnotherArchive() {
        ClassArchives other = new ClassArchives(dir, JAVA, "lib/a.jar:lib/c.jar", true, archive -> true);
        assertThat(other.archive(TASK_MANAGER)).isNotEqualTo(archives(true).archive(TASK_MANAGER));
        assertThat(archives(true).archive(JOB_MANAGER)).isNotEqualTo(archives(true).archive(TASK_MANAGER));
    }

    @Test
    void halfWrittenArchivesOfAnEarlierFlingAreDeleted() throws IOException {
        Path part = archives(true).plan(TASK_MANAGER).writes().orElseThrow();
        Files.write(part, new byte[] {1});
        archives(true);
        assertThat(part).doesNotExist();
    }

    @Test
    void aJvmStartsWithAnArchiveItWroteButNotWithADamagedOne() throws Exception {
        Path archive = dir.resolve("version.jsa");
        Process writer = new ProcessBuilder(JAVA, "-XX:ArchiveClassesAtExit=" + archive, "-version")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(writer.waitFor()).isZero();
        String classpath = System.getProperty("java.class.path").split(java.io.File.pathSeparator)[0];
        assertThat(ClassArchives.startsWith(JAVA, classpath, archive)).isTrue();

        Path damaged = dir.resolve("damaged.jsa");
        Files.write(damaged, Arrays.copyOf(Files.readAllBytes(archive), 1000));
        assertThat(ClassArchives.startsWith(JAVA, classpath, damaged)).isFalse();
    }
}
