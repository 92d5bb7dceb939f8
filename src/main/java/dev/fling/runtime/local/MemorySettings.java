package dev.fling.runtime.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The JVM flags and derived memory options a JobManager or TaskManager of a given size needs,
 * computed by Flink itself (BashJavaUtils, as Flink's own start scripts do) once per size and
 * then reused: a TaskManager refuses to start without them.
 */
final class MemorySettings {

    private static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";

    private final String java;
    private final FlinkDistribution distribution;
    private final Path scratch;
    private final Map<String, Settings> cache = new ConcurrentHashMap<>();

    MemorySettings(String java, FlinkDistribution distribution, Path scratch) {
        this.java = java;
        this.distribution = distribution;
        this.scratch = scratch;
    }

    /** JVM flags (-Xmx, ...) and {@code -D key=value} options, in that order, for a process. */
    record Settings(List<String> jvmFlags, List<String> dynamicOptions) {}

    Settings jobManager(Map<String, String> memoryConfiguration) {
        return compute("GET_JM_RESOURCE_PARAMS", memoryConfiguration);
    }

    Settings taskManager(Map<String, String> memoryConfiguration) {
        return compute("GET_TM_RESOURCE_PARAMS", memoryConfiguration);
    }

    private Settings compute(String command, Map<String, String> configuration) {
        String key = command + configuration;
        return cache.computeIfAbsent(key, k -> run(command, configuration));
    }

    private Settings run(String command, Map<String, String> configuration) {
        try {
            Path conf = Files.createDirectories(scratch.resolve(Integer.toHexString(Math.abs((command + configuration).hashCode()))));
            ClusterFiles.writeConfig(conf.resolve("config.yaml"), configuration);
            Process process = new ProcessBuilder(java, "-cp", distribution.classpath(),
                    "org.apache.flink.runtime.util.bash.BashJavaUtils", command, "--configDir", conf.toString())
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("Flink could not size the process (" + command + "): " + output);
            }
            List<String> results = output.lines().filter(line -> line.startsWith(RESULT_PREFIX))
                    .map(line -> line.substring(RESULT_PREFIX.length()).trim()).toList();
            if (results.isEmpty()) {
                throw new IllegalStateException("no result from Flink's BashJavaUtils " + command + ": " + output);
            }
            List<String> jvm = split(results.get(0));
            List<String> dynamic = results.size() > 1 ? split(results.get(results.size() - 1)) : List.of();
            return new Settings(jvm, dynamic);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run Flink's BashJavaUtils", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> split(String line) {
        List<String> parts = new ArrayList<>(Arrays.asList(line.split("\\s+")));
        parts.removeIf(String::isEmpty);
        return parts;
    }
}
