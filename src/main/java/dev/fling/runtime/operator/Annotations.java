package dev.fling.runtime.operator;

/**
 * Names of the labels and annotations Fling puts on a FlinkDeployment. Together they let a
 * restarted Fling rebuild its whole view of a job from the cluster.
 */
final class Annotations {

    static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    static final String MANAGED_BY = "fling";
    static final String JOB_LABEL = "fling.dev/job";

    private static final String PREFIX = "fling.dev/";
    static final String REQUEST_ID = PREFIX + "request-id";
    static final String REQUEST_SOURCE = PREFIX + "request-source";
    /** The launch request's envelope (id, source, type, extension attributes) as JSON. */
    static final String REQUEST = PREFIX + "request";
    static final String ACCEPTED_AT = PREFIX + "accepted-at";
    static final String DEADLINE = PREFIX + "deadline";
    static final String DEADLINE_SECONDS = PREFIX + "deadline-seconds";
    static final String TTL_SECONDS = PREFIX + "ttl-seconds-after-finished";
    static final String MAX_ATTEMPTS = PREFIX + "retry-max-attempts";
    static final String RETRY_BACKOFF_SECONDS = PREFIX + "retry-backoff-seconds";
    /** What the tracker has reported (state, since, attempt, parallelism, last savepoint) as JSON. */
    static final String TRACKING = PREFIX + "tracking";
    static final String RESCALE_REQUEST = PREFIX + "rescale-request";
    static final String CANCEL_REQUEST = PREFIX + "cancel-request";
    static final String SAVEPOINT_REQUEST = PREFIX + "savepoint-request";
    /** The job's place in Fling's queue ({@link dev.fling.runtime.QueueTicket}) as JSON. */
    static final String QUEUE = PREFIX + "queue";
    /** The savepoint trigger Fling asked for, as the 10 hex digits of its request key. */
    static final String SAVEPOINT_TRIGGER = PREFIX + "savepoint-trigger";

    private Annotations() {}

    /** Whether the resource was created by this request: a redelivered launch finds its own resource. */
    static boolean madeBy(io.fabric8.kubernetes.api.model.HasMetadata resource, dev.fling.events.RequestContext request) {
        java.util.Map<String, String> annotations = resource == null ? null : resource.getMetadata().getAnnotations();
        return annotations != null && java.util.Objects.equals(annotations.get(REQUEST_ID), request.id())
                && java.util.Objects.equals(annotations.get(REQUEST_SOURCE), request.source());
    }
}
