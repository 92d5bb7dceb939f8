package dev.fling.runtime.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The local runtime's defaults, as Fling runs with them; with {@code quickStart} false, clusters
 * start as they did before Fling's start-up settings (the benchmarks' floor).
 */
record LocalDefaults(Path work, boolean quickStart) implements LocalConfig {

    LocalDefaults(Path work) {
        this(work, true);
    }

    public String workDirectory() {
        return work.toString();
    }

    public Optional<java.util.List<String>> allowedJarDirectories() {
        return Optional.empty();
    }

    @Override
    public Optional<String> flinkHome() {
        return Optional.of(Path.of("target", "quarkus-app", "flink").toAbsolutePath().toString());
    }

    public int maxClusters() {
        return 2;
    }

    public String jobManagerProcessMemory() {
        return "768m";
    }

    public String taskManagerProcessMemory() {
        return "1g";
    }

    public Duration checkpointInterval() {
        return Duration.ofSeconds(2);
    }

    public Optional<Duration> savepointRetention() {
        return Optional.empty();
    }

    public boolean keepLogs() {
        return false;
    }

    public Duration pollInterval() {
        return Duration.ofMillis(250);
    }

    public String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public StartUp startUp() {
        return new StartUp() {
            public boolean classArchives() {
                return quickStart;
            }

            public boolean jobManagerC1Only() {
                return quickStart;
            }
        };
    }

    public WarmPool warmPool() {
        return new WarmPool() {
            public int size() {
                return 0;
            }

            public Duration startTimeout() {
                return Duration.ofSeconds(120);
            }

            public boolean warmUp() {
                return true;
            }
        };
    }
}
