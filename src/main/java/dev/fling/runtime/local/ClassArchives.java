package dev.fling.runtime.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * AppCDS archives of the classes a JobManager or TaskManager loads (the JDK's dynamic archives):
 * the first process of each kind writes one when it exits, Fling checks it, and every later
 * process of that kind maps it instead of loading and verifying the same classes from lib/'s jars
 * again; with C1 in the JobManager this took a cold start from 8.3 s to 5.3 s (docs/benchmarks.md).
 * An archive belongs to one java executable, classpath and entry class, so a new JDK or Flink
 * distribution gets new ones. A damaged archive crashes the JVM that maps it, so an archive is
 * used only after a JVM has started with it ({@code -Xshare:on}), and never while it is written.
 */
final class ClassArchives {

    private static final Logger LOG = Logger.getLogger(ClassArchives.class);
    private static final String WRITING = ".part";
    /** A JVM that maps an archive and prints its version takes a fraction of a second. */
    private static final long CHECK_TIMEOUT_SECONDS = 60;

    private final Path directory;
    private final String java;
    private final String classpath;
    private final boolean enabled;
    private final Predicate<Path> usable;
    private final Set<String> writing = new HashSet<>();

    ClassArchives(Path directory, String java, String classpath, boolean enabled, Predicate<Path> usable) {
        // Absolute: the processes run in their attempt's directory, not in Fling's.
        this.directory = directory.toAbsolutePath();
        this.java = java;
        this.classpath = classpath;
        this.enabled = enabled;
        this.usable = usable;
        if (enabled) {
            deleteUnfinished();
        }
    }

    /** Archives checked by starting {@code java} with them. */
    static ClassArchives of(Path directory, String java, FlinkDistribution distribution, boolean enabled) {
        String classpath = enabled && distribution.problem().isEmpty() ? distribution.classpath() : "";
        return new ClassArchives(directory, java, classpath, enabled && !classpath.isEmpty(),
                archive -> startsWith(java, classpath, archive));
    }

    /**
     * What a process running {@code entryClass} adds to its JVM flags: its kind's archive, or the
     * flag that writes one at exit (to {@link Plan#writes()}, for {@link #exited}) when there is
     * none and no other process is writing it; nothing when archives are off.
     */
    synchronized Plan plan(String entryClass) {
        if (!enabled) {
            return Plan.NONE;
        }
        Path archive = archive(entryClass);
        if (Files.isRegularFile(archive)) {
            return new Plan(List.of("-XX:SharedArchiveFile=" + archive), Optional.empty());
        }
        if (!writing.add(entryClass)) {
            return Plan.NONE;
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            writing.remove(entryClass);
            LOG.warnf("no class archive for %s: cannot create %s (%s)", simpleName(entryClass), directory, e);
            return Plan.NONE;
        }
        Path part = archive.resolveSibling(archive.getFileName() + WRITING);
        return new Plan(List.of("-XX:ArchiveClassesAtExit=" + part), Optional.of(part));
    }

    /**
     * The process that wrote {@code plan}'s archive has exited with {@code exitCode}: the archive is
     * kept if it was not killed (SIGKILL stops the JVM mid-write) and a JVM starts with it.
     */
    void exited(String entryClass, Plan plan, int exitCode) {
        plan.writes().ifPresent(part -> {
            try {
                String refused = exitCode == 137 ? "its process was killed (SIGKILL) and may not have finished it"
                        : !Files.isRegularFile(part) || Files.size(part) == 0 ? "its process wrote none (exit code " + exitCode + ")"
                        : !usable.test(part) ? "a JVM does not start with it" : null;
                if (refused == null) {
                    Path archive = Files.move(part, archive(entryClass), StandardCopyOption.ATOMIC_MOVE);
                    LOG.infof("class archive for %s ready (%d MB): later processes of its kind start from it",
                            simpleName(entryClass), Files.size(archive) / 1_000_000);
                } else {
                    LOG.warnf("class archive for %s not kept: %s; the next process of its kind writes another",
                            simpleName(entryClass), refused);
                    Files.deleteIfExists(part);
                }
            } catch (IOException e) {
                LOG.warnf("class archive for %s not kept: %s", simpleName(entryClass), e);
            } finally {
                synchronized (this) {
                    writing.remove(entryClass);
                }
            }
        });
    }

    /** What a process adds to its flags, and the archive it writes at exit, if it writes one. */
    record Plan(List<String> flags, Optional<Path> writes) {
        static final Plan NONE = new Plan(List.of(), Optional.empty());
    }

    /** Whether {@code process}'s command line has it write an archive at exit (which must not be cut short). */
    static boolean writesAtExit(String commandLine) {
        return commandLine.contains("-XX:ArchiveClassesAtExit=");
    }

    Path archive(String entryClass) {
        return directory.resolve(simpleName(entryClass) + "-" + key(entryClass) + ".jsa");
    }

    private String key(String entryClass) {
        Path executable = Path.of(java);
        long modified = 0;
        try {
            modified = Files.getLastModifiedTime(executable.toRealPath()).toMillis();
        } catch (IOException e) {
            // an executable found on the PATH by its name: the JVM itself refuses an archive of another version
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    (java + "\n" + modified + "\n" + classpath + "\n" + entryClass).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String simpleName(String entryClass) {
        return entryClass.substring(entryClass.lastIndexOf('.') + 1);
    }

    /** Archives a previous Fling left half-written (it stopped before their process exited). */
    private void deleteUnfinished() {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(WRITING)).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            LOG.warnf("cannot clean %s: %s", directory, e);
        }
    }

    /** Whether a JVM starts with the archive mapped (it refuses with -Xshare:on what it cannot map). */
    static boolean startsWith(String java, String classpath, Path archive) {
        // A JVM that crashes on the archive writes its report here, not into Fling's working directory.
        Path crash = archive.resolveSibling(archive.getFileName() + ".crash.log");
        try {
            Process check = new ProcessBuilder(java, "-Xshare:on", "-XX:SharedArchiveFile=" + archive,
                    "-XX:ErrorFile=" + crash, "-cp", classpath, "-version")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!check.waitFor(CHECK_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                check.destroyForcibly();
                return false;
            }
            return check.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            try {
                Files.deleteIfExists(crash);
            } catch (IOException e) {
                // only a report
            }
        }
    }
}
