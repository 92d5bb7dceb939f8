package dev.fling.bench;

import dev.fling.testing.FlingProcess;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** JVM start to ready: the packaged build started, {@code /q/health/ready} polled every 10 ms from just before the process starts. */
final class StartupProbe {

    private static final long LIMIT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private StartupProbe() {}

    record Started(FlingProcess fling, double seconds) {}

    static Started start(String name, Map<String, String> environment) throws IOException, InterruptedException {
        long start = System.nanoTime();
        FlingProcess fling = FlingProcess.start(name, environment);
        while (fling.status("/q/health/ready") != 200) {
            if (!fling.isAlive() || System.nanoTime() - start > LIMIT_NANOS) {
                fling.close();
                throw new IllegalStateException("Fling did not become ready; see " + fling.log());
            }
            Thread.sleep(10);
        }
        return new Started(fling, (System.nanoTime() - start) / 1e9);
    }
}
