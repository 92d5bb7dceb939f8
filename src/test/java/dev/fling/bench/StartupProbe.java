package dev.fling.bench;

import dev.fling.testing.FlingProcess;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/** JVM start to ready: the packaged build started, {@code /q/health/ready} polled every 10 ms from just before the process starts. */
final class StartupProbe {

    private StartupProbe() {}

    record Started(FlingProcess fling, double seconds) {}

    static Started start(String name, Map<String, String> environment) throws IOException, InterruptedException {
        long start = System.nanoTime();
        FlingProcess fling = FlingProcess.start(name, environment);
        try {
            fling.awaitReady(Duration.ofMillis(10));
        } catch (RuntimeException e) {
            fling.close();
            throw new IllegalStateException("Fling did not become ready; see " + fling.log(), e);
        }
        return new Started(fling, (System.nanoTime() - start) / 1e9);
    }
}
