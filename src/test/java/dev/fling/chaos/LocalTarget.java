package dev.fling.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.testing.FlingProcess;
import dev.fling.testing.KafkaBroker;
import dev.fling.testing.LocalClusters;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The local runtime under fire: the packaged Fling starting real Flink clusters (a JobManager and
 * TaskManagers, each a JVM) from the examples jar, at most {@link #MAX_CLUSTERS} at once, no warm
 * pool. Faults: Fling killed, and a running job's JobManager or TaskManager killed. Clusters are
 * read from outside: the registry files (which JobManager each job had) polled while the run goes,
 * and at the end the processes whose command line names the work directory.
 */
final class LocalTarget implements ChaosTarget {

    static final int MAX_CLUSTERS = 2;
    static final int TTL_SECONDS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaBroker kafka;
    private final long seed;
    private final Path work;
    private final Map<String, Set<String>> clusters = new ConcurrentHashMap<>();
    private final Map<String, Long> jobManagersKilled = new ConcurrentHashMap<>();
    private final Map<String, Long> taskManagersKilled = new ConcurrentHashMap<>();
    private final List<Long> starts = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
    private int processKills;
    private int processKillsWithoutVictim;
    private int generation;
    private FlingProcess fling;

    LocalTarget(KafkaBroker kafka, long seed) throws IOException {
        this.kafka = kafka;
        this.seed = seed;
        work = Path.of("target", "chaos-local", Long.toString(ProcessHandle.current().pid())).toAbsolutePath();
        Files.createDirectories(work);
    }

    @Override
    public void start() throws Exception {
        fling = startFling();
        poller.scheduleWithFixedDelay(this::readRegistry, 0, 300, TimeUnit.MILLISECONDS);
    }

    private FlingProcess startFling() throws Exception {
        Map<String, String> environment = FlingProcess.localEnvironment(kafka, work.toString(), ChaosPlan.PREFIX);
        environment.put("FLING_LOCAL_MAX_CLUSTERS", Integer.toString(MAX_CLUSTERS));
        environment.put("FLING_DEFAULTS_TTL_SECONDS_AFTER_FINISHED", Integer.toString(TTL_SECONDS));
        FlingProcess started = FlingProcess.start(ChaosPlan.PREFIX + "-local-" + seed + "-" + generation++, environment);
        starts.add(System.currentTimeMillis());
        started.awaitReady();
        return started;
    }

    /** Notes each JobManager every job had, as the registry names it: a launch must start one (per attempt). */
    private void readRegistry() {
        for (Map.Entry<String, JsonNode> job : registry().entrySet()) {
            JsonNode entry = job.getValue();
            long pid = entry.path("cluster").path("jobManagerPid").asLong();
            if (pid > 0) {
                clusters.computeIfAbsent(job.getKey(), j -> ConcurrentHashMap.newKeySet())
                        .add("attempt " + entry.path("attempt").asInt() + ", JobManager " + pid);
            } else if (entry.path("status").asText().equals("ENDED")) {
                // Cancelled (or refused) while it waited for a place: the registry says it needed no cluster.
                clusters.computeIfAbsent(job.getKey(), j -> ConcurrentHashMap.newKeySet()).add("none: ended while queued");
            }
        }
    }

    /** The registry's entries by job name (the file's name). */
    private Map<String, JsonNode> registry() {
        Map<String, JsonNode> entries = new TreeMap<>();
        try (Stream<Path> files = Files.list(work.resolve("registry"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                try {
                    entries.put(file.getFileName().toString().replaceFirst("\\.json$", ""), JSON.readTree(file.toFile()));
                } catch (IOException e) {
                    // being written or removed just now: the next round reads it
                }
            }
        } catch (IOException e) {
            // no registry yet
        }
        return entries;
    }

    @Override
    public FlingProcess entry(int index) {
        return fling != null && fling.isAlive() ? fling : null;
    }

    @Override
    public void inject(ChaosPlan.Fault fault) throws Exception {
        switch (fault.kind()) {
            case SIGKILL -> {
                fling.kill();
                fling = null;
                ChaosTime.hold(fault.millis());
                fling = startFling();
            }
            case JOBMANAGER_KILL -> killProcessOfARunningJob(true);
            case TASKMANAGER_KILL -> killProcessOfARunningJob(false);
            default -> throw new IllegalArgumentException(fault.kind() + " is not a fault of the local runtime");
        }
    }

    /**
     * Kills (SIGKILL) the JobManager or a TaskManager of a job whose start was reported and that is
     * not being stopped (waiting up to 30 s for one); which one is timing (the plan cannot know
     * which jobs run then).
     */
    private void killProcessOfARunningJob(boolean jobManager) {
        // Clusters take half a minute to start on a loaded machine: wait that long for a job to run.
        List<Map.Entry<String, JsonNode>> running;
        try {
            running = Awaitility.await("a running job to kill a process of").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500)).until(this::runningJobs, found -> !found.isEmpty());
        } catch (ConditionTimeoutException e) {
            running = List.of();
        }
        if (running.isEmpty()) {
            System.out.println("chaos: no running job to kill a process of");
            processKillsWithoutVictim++;
            return;
        }
        Map.Entry<String, JsonNode> victim = running.get(processKills++ % running.size());
        String job = victim.getKey();
        JsonNode cluster = victim.getValue().path("cluster");
        long pid = jobManager ? cluster.path("jobManagerPid").asLong() : cluster.path("taskManagerPids").path(0).asLong();
        ProcessHandle.of(pid).filter(p -> p.info().commandLine().map(l -> l.contains(cluster.path("directory").asText()))
                .orElse(false)).ifPresentOrElse(process -> {
                    (jobManager ? jobManagersKilled : taskManagersKilled).put(job, System.currentTimeMillis());
                    process.destroyForcibly();
                    System.out.printf("chaos: killed the %s of %s (pid %d)%n", jobManager ? "JobManager" : "TaskManager", job, pid);
                }, () -> {
                    System.out.println("chaos: the process of " + job + " was gone already");
                    processKillsWithoutVictim++;
                });
    }

    private List<Map.Entry<String, JsonNode>> runningJobs() {
        return registry().entrySet().stream()
                .filter(e -> e.getValue().path("status").asText().equals("RUNNING"))
                .filter(e -> e.getValue().path("cluster").path("runningReported").asBoolean())
                .filter(e -> e.getValue().path("cancelRequest").isNull() && e.getValue().path("stop").isNull()).toList();
    }

    /** Jobs whose JobManager was killed, and when: each must end failed (it asked for no retry). */
    Map<String, Long> jobManagersKilled() {
        return jobManagersKilled;
    }

    @Override
    public void failJob(String job) {
        throw new IllegalArgumentException("the local runtime's jobs fail by themselves (FailingJob)");
    }

    @Override
    public Map<String, Set<String>> clusters() {
        return clusters;
    }

    @Override
    public boolean empty() {
        return processes().isEmpty() && registry().isEmpty();
    }

    /** The Flink processes still running under the work directory. */
    private List<ProcessHandle> processes() {
        String marker = work.toString();
        return ProcessHandle.allProcesses().filter(p -> p.pid() != (fling == null ? -1 : fling.pid()))
                .filter(p -> p.info().commandLine().map(line -> line.contains(marker)).orElse(false)).toList();
    }

    /** Every job with a process or a registry entry left (after the time-to-live there must be none). */
    @Override
    public Set<String> leftBehind(List<CloudEvent> events) {
        Set<String> left = new TreeSet<>();
        for (ProcessHandle process : processes()) {
            String line = process.info().commandLine().orElse("");
            int at = line.indexOf("/jobs/");
            left.add((at < 0 ? "a process " + process.pid() : line.substring(at + 6).split("/")[0]) + " (a process)");
        }
        registry().keySet().forEach(job -> left.add(job + " (its registry entry)"));
        return left;
    }

    @Override
    public List<Long> starts() {
        return starts;
    }

    @Override
    public Map<String, String> figures(List<CloudEvent> events, List<Long> eventTimes) {
        Map<String, String> figures = new TreeMap<>();
        figures.put("jobs whose JobManager / a TaskManager was killed; kills that found no running job",
                jobManagersKilled.size() + " / " + taskManagersKilled.size() + " / " + processKillsWithoutVictim);
        figures.put("TaskManager kill to the job's next event, p50 / max (ms)", ChaosRun.p50AndMax(
                taskManagersKilled.entrySet().stream().map(kill -> ChaosTarget.firstAfter(events, eventTimes, kill.getValue(),
                        e -> kill.getKey().equals(e.getSubject()))).filter(t -> t >= 0).toList()));
        return figures;
    }

    @Override
    public void close() throws Exception {
        poller.shutdownNow();
        if (fling != null) {
            fling.kill();
        }
        LocalClusters.stopAllUnder(work.toString());
    }
}
