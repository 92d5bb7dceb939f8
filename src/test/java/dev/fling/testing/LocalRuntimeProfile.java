package dev.fling.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Fling with the local runtime: real Flink clusters as processes, at most two at a time. */
public class LocalRuntimeProfile implements QuarkusTestProfile {

    /** Fresh for every test JVM, so that no registry of an earlier run is re-attached to. */
    public static final String WORK_DIRECTORY = "target/local-runtime-it/" + ProcessHandle.current().pid();

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "fling.runtime", "local",
                "fling.local.work-directory", WORK_DIRECTORY,
                "fling.local.max-clusters", "2",
                "fling.local.poll-interval", "300ms",
                // The tests' jars: under target/, and served by a JarServer on localhost.
                "fling.local.allowed-jar-directories", java.nio.file.Path.of("target").toAbsolutePath().toString(),
                "fling.policy.allowed-jar-hosts", "*,localhost",
                "fling.local.warm-pool.size", "0"); // the cold path: WarmPoolIT covers the warm one
    }
}
