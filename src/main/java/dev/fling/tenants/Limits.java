package dev.fling.tenants;

/**
 * How much may run at once: jobs, summed parallelism, summed memory in bytes; {@link #NONE} (the
 * largest long) where nothing is set.
 */
public record Limits(long jobs, long parallelism, long memoryBytes) {

    public static final long NONE = Long.MAX_VALUE;
    public static final Limits UNLIMITED = new Limits(NONE, NONE, NONE);

    /** Whether any of the three is set. */
    public boolean any() {
        return jobs != NONE || parallelism != NONE || memoryBytes != NONE;
    }

    /** The tighter of the two, limit by limit. */
    public Limits min(Limits other) {
        return new Limits(Math.min(jobs, other.jobs), Math.min(parallelism, other.parallelism),
                Math.min(memoryBytes, other.memoryBytes));
    }

    /** Which limit one job asking for this much could never fit in, even alone; null if none. */
    public String neverFits(long jobParallelism, long jobMemoryBytes) {
        if (jobs < 1) {
            return "no job may run (max-running-jobs " + jobs + ")";
        }
        if (jobParallelism > parallelism) {
            return "parallelism " + jobParallelism + " is above the total of " + parallelism;
        }
        if (jobMemoryBytes > memoryBytes) {
            return "memory of " + jobMemoryBytes + " bytes is above the total of " + memoryBytes + " bytes";
        }
        return null;
    }
}
