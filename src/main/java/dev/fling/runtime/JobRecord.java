package dev.fling.runtime;

import dev.fling.events.RequestContext;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.Map;

/**
 * What a runtime keeps about a job besides its status: the request that launched it, its labels, its timing
 * rules, what the tracker has reported, and the last command request of each kind (whose
 * envelope the events it causes echo).
 */
@RegisterForReflection
public record JobRecord(
        JobRef ref,
        RequestContext launch,
        Map<String, String> labels,
        JobPolicy policy,
        Instant acceptedAt,
        TrackingState tracking,
        RequestContext rescaleRequest,
        RequestContext cancelRequest,
        RequestContext savepointRequest,
        QueueTicket queue) {

    /** A record of a job that has no place in a queue (launched before there was one, or without). */
    public JobRecord(JobRef ref, RequestContext launch, Map<String, String> labels, JobPolicy policy,
            Instant acceptedAt, TrackingState tracking, RequestContext rescaleRequest, RequestContext cancelRequest,
            RequestContext savepointRequest) {
        this(ref, launch, labels, policy, acceptedAt, tracking, rescaleRequest, cancelRequest, savepointRequest, null);
    }

    /** The same record with another tracking state. */
    public JobRecord withTracking(TrackingState state) {
        return new JobRecord(ref, launch, labels, policy, acceptedAt, state, rescaleRequest, cancelRequest,
                savepointRequest, queue);
    }

    /** The record of a job about to be launched, before the runtime has seen it. */
    public static JobRecord fresh(JobDefinition definition) {
        return new JobRecord(definition.ref(), definition.request(), definition.labels(), definition.policy(),
                definition.acceptedAt(), TrackingState.initial(definition), null, null, null, definition.queue());
    }
}
