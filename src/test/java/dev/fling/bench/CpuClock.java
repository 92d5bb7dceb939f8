package dev.fling.bench;

/**
 * CPU time (user and system) two processes have used: Fling's, and the benchmark's own JVM,
 * which runs the broker, the mock API server, the testing operator, the load and the floor. On
 * a machine whose cores are all busy, throughput follows the CPU each request costs in total.
 */
final class CpuClock {

    private final ProcessHandle fling;

    CpuClock(long flingPid) {
        this.fling = ProcessHandle.of(flingPid).orElseThrow(() -> new IllegalStateException("no process " + flingPid));
    }

    /** CPU milliseconds so far: Fling's, then the benchmark JVM's. */
    Reading read() {
        return new Reading(millis(fling), millis(ProcessHandle.current()));
    }

    private static double millis(ProcessHandle process) {
        return process.info().totalCpuDuration().orElseThrow(
                () -> new IllegalStateException("no CPU time for process " + process.pid())).toNanos() / 1e6;
    }

    record Reading(double fling, double harness) {

        /** CPU milliseconds each of {@code requests} cost since {@code before}: Fling's, then the harness's. */
        Reading perRequest(Reading before, int requests) {
            return new Reading((fling - before.fling) / requests, (harness - before.harness) / requests);
        }
    }
}
