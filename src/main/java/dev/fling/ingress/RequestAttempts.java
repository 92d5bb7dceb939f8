package dev.fling.ingress;

import dev.fling.dispatch.RequestProcessor.Outcome;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Works on one request until it is done and its events are out, then acknowledges it. What cannot
 * be done now (runtime or broker unreachable) is tried again after a backoff that doubles up to a
 * maximum; meanwhile the request holds its lane, so nothing about its job overtakes it, and no
 * thread waits: the retry is timed by a {@link RetryScheduler}. An event the broker refuses once
 * the lane has moved on (a launch's accepted event is not waited for there) has the request tried
 * again at the back of its lane. When Fling stops first, the request is left unacknowledged, to be
 * delivered again.
 */
final class RequestAttempts {

    static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private static final Logger LOG = Logger.getLogger(RequestAttempts.class);

    private final String what;
    private final Supplier<Outcome> work;
    private final Runnable acknowledge;
    private final RetryScheduler retries;
    private final BooleanSupplier stopping;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    /**
     * @param what        the request, as the log names it
     * @param work        one try: the outcome, or {@code RuntimeException} when it cannot be done now
     * @param acknowledge called once the outcome is durable
     */
    RequestAttempts(String what, Supplier<Outcome> work, Runnable acknowledge, RetryScheduler retries,
            BooleanSupplier stopping) {
        this.what = what;
        this.work = work;
        this.acknowledge = acknowledge;
        this.retries = retries;
        this.stopping = stopping;
    }

    /** Makes the first try in {@code lane}, which is now this request's. */
    DispatchLanes.Progress start(DispatchLane lane) {
        return new DispatchLanes.Progress(attempt(lane, FIRST_BACKOFF), done);
    }

    /** Tries until there is an outcome; the stage completes then, when the lane may take its next request. */
    private CompletionStage<Void> attempt(DispatchLane lane, Duration backoff) {
        CompletableFuture<Void> laneFree = new CompletableFuture<>();
        tryNow(lane, backoff, laneFree);
        return laneFree;
    }

    private void tryNow(DispatchLane lane, Duration backoff, CompletableFuture<Void> laneFree) {
        Outcome outcome;
        try {
            outcome = work.get();
        } catch (RuntimeException e) {
            if (stopping.getAsBoolean()) {
                leaveOnTopic();
                laneFree.complete(null);
                done.complete(null);
                return;
            }
            LOG.warnf("%s cannot be completed now (%s); retrying in %d ms", what, e.getMessage(), backoff.toMillis());
            // The lane stays held until the retry has an outcome: later requests of the job wait behind it.
            retries.after(backoff, () -> lane.resume(() -> tryAgain(lane, longer(backoff), laneFree)));
            return;
        }
        outcome.written().whenComplete((written, refused) -> {
            if (refused == null) {
                acknowledge.run();
                done.complete(null);
            } else if (!stopping.getAsBoolean()) {
                LOG.warnf("%s: the broker did not take its event (%s); retrying in %d ms", what,
                        KafkaRequestConsumer.describe(refused), backoff.toMillis());
                retries.after(backoff, () -> lane.enqueue(() -> attempt(lane, longer(backoff))));
            } else {
                leaveOnTopic();
                done.complete(null);
            }
        });
        laneFree.complete(null);
    }

    /** A retry off the lane's queue: should it fail unexpectedly, the lane and the in-flight count are let go. */
    private void tryAgain(DispatchLane lane, Duration backoff, CompletableFuture<Void> laneFree) {
        try {
            tryNow(lane, backoff, laneFree);
        } catch (RuntimeException | Error e) {
            LOG.errorf(e, "%s: the retry failed", what);
            laneFree.complete(null);
            done.complete(null);
        }
    }

    /** Fling stops before the request is done: it is left unacknowledged, to be delivered again. */
    private void leaveOnTopic() {
        LOG.infof("shutting down; %s stays on the topic", what);
    }

    static Duration longer(Duration backoff) {
        return backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
    }
}
