package dev.fling.admission;

import dev.fling.events.RequestContext;

/**
 * Derives a job's name from its launch request, so that a redelivered request (same source and
 * id) finds the job it made instead of making a second one. The result is a DNS-1035 label of at
 * most 41 characters, as the operator also names the JobManager's Services after it.
 */
public final class JobNames {

    /** Longest job name a request may refer to. */
    public static final int MAX_LENGTH = 45;
    private static final String DEFAULT_PREFIX = "fling";

    private JobNames() {}

    /**
     * The request key a job name ends with (what {@link #of} appended), or the whole name when it
     * was not made by Fling: requests about one job share it.
     */
    public static String keyOf(String jobName) {
        int dash = jobName.lastIndexOf('-');
        return dash >= 0 ? jobName.substring(dash + 1) : jobName;
    }

    /** {@code prefix-key}: the request's {@code name} (schema-checked, at most 30 characters) or "fling". */
    public static String of(String name, RequestContext request) {
        String prefix = name == null || name.isEmpty() ? DEFAULT_PREFIX : name;
        return prefix + "-" + request.key();
    }
}
