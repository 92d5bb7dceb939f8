package dev.fling.runtime.operator.model;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code status.jobStatus.state}: the Flink job's own state as the operator reports it (Flink's
 * JobStatus), so that Fling compares states, not strings. Read by {@link #of}, which never fails:
 * a state a newer Flink adds is {@link #UNKNOWN}, as is none at all.
 */
public enum FlinkJobState {
    INITIALIZING,
    CREATED,
    RUNNING,
    FAILING,
    FAILED,
    CANCELLING,
    CANCELED,
    FINISHED,
    RESTARTING,
    SUSPENDED,
    /** The operator cannot tell the job's state now: its JobManager is being deployed or did not answer. */
    RECONCILING,
    /** No job reported yet, or a state this Fling does not know. */
    UNKNOWN;

    private static final Map<String, FlinkJobState> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Enum::name, Function.identity()));

    /** The state named by the operator's text; {@link #UNKNOWN} for null or a new name. Allocates nothing. */
    public static FlinkJobState of(String name) {
        return name == null ? UNKNOWN : BY_NAME.getOrDefault(name, UNKNOWN);
    }
}
