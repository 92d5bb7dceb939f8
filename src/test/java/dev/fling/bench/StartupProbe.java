package dev.fling.bench;

import dev.fling.testing.FlingProcess;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * JVM start to ready: the packaged build started, {@code /q/health/ready} polled every 10 ms from
 * just before the process starts; and the CPU the JVM spent by then (user and system, all its
 * threads), which other load on the machine changes far less than the wall-clock time.
 */
final class StartupProbe {

    private StartupProbe() {}

    record Started(FlingProcess fling, double seconds, double cpuSeconds) {}

    /** The CPU a process spent so far, in seconds; NaN where the platform does not say. */
    static double cpuSeconds(ProcessHandle process) {
        return process.info().totalCpuDuration().map(cpu -> cpu.toNanos() / 1e9).orElse(Double.NaN);
    }

    static Started start(String name, Map<String, String> environment) throws IOException, InterruptedException {
        long start = System.nanoTime();
        FlingProcess fling = FlingProcess.start(name, environment);
        try {
            fling.awaitReady(Duration.ofMillis(10));
        } catch (RuntimeException e) {
            fling.close();
            throw new IllegalStateException("Fling did not become ready; see " + fling.log(), e);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = ProcessHandle.of(fling.pid()).map(StartupProbe::cpuSeconds).orElse(Double.NaN);
        return new Started(fling, seconds, cpu);
    }
}
