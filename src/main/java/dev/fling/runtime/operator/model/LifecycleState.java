package dev.fling.runtime.operator.model;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code status.lifecycleState}: where the operator is with a FlinkDeployment, so that Fling
 * compares states, not strings. Read from the status's text by {@link #of}, which never fails: a
 * state a newer operator adds is {@link #UNKNOWN}, as is none at all.
 */
public enum LifecycleState {
    /** Created in Kubernetes, not yet handled by the operator. */
    CREATED,
    /** The job is suspended (also how a job cancelled from outside shows). */
    SUSPENDED,
    /** The operator is changing the deployment (rescale, restart, suspension). */
    UPGRADING,
    /** Deployed, not yet considered stable. */
    DEPLOYED,
    /** Deployed and considered stable. */
    STABLE,
    ROLLING_BACK,
    ROLLED_BACK,
    /** The deployment or its job failed terminally. */
    FAILED,
    /** Not written yet, or a state this Fling does not know. */
    UNKNOWN;

    private static final Map<String, LifecycleState> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Enum::name, Function.identity()));

    /** The state named by the operator's text; {@link #UNKNOWN} for null or a new name. Allocates nothing. */
    public static LifecycleState of(String name) {
        return name == null ? UNKNOWN : BY_NAME.getOrDefault(name, UNKNOWN);
    }
}
