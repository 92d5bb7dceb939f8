package dev.fling.runtime.operator;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Whether a watch that says it is open still delivers. A watch whose connection went half-dead
 * (a proxy or NAT that dropped it without a reset; seen with the mock API server under load) stays
 * "watching" and delivers nothing until the client's own watch timeout, 5 to 10 minutes later, and
 * every job in its namespace is followed by nothing meanwhile. Fling's own writes tell: every create,
 * patch or delete of a deployment the watch follows comes back as a watch event. So a namespace
 * whose watch has delivered nothing since a write acknowledged longer ago than the limit is stale.
 * Any event after the write clears it, even one that was on its way before: this errs towards
 * keeping a watch, never towards listing again for nothing.
 */
final class WatchLiveness {

    private final long limitNanos;
    private final LongSupplier nanoTime;
    /** Per namespace: when the first write not yet followed by any event was acknowledged. */
    private final Map<String, Long> unanswered = new ConcurrentHashMap<>();

    /** With a limit of zero or less the check is off: no watch is ever taken as stale. */
    WatchLiveness(Duration limit, LongSupplier nanoTime) {
        this.limitNanos = limit.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Fling's write to a deployment the namespace's watch follows was acknowledged by the API server. */
    void written(String namespace) {
        unanswered.putIfAbsent(namespace, nanoTime.getAsLong());
    }

    /** The namespace's watch delivered an event (any: added, updated, deleted, an echo, an unchanged one). */
    void delivered(String namespace) {
        unanswered.remove(namespace);
    }

    /** How long the namespace's watch has been silent since a write it should have echoed, once past the limit. */
    Optional<Duration> stale(String namespace) {
        Long since = unanswered.get(namespace);
        if (since == null || limitNanos <= 0) {
            return Optional.empty();
        }
        long silent = nanoTime.getAsLong() - since;
        return silent >= limitNanos ? Optional.of(Duration.ofNanos(silent)) : Optional.empty();
    }

    /** The namespace's watch was started again: it lists first, which answers every earlier write. */
    void restarted(String namespace) {
        unanswered.remove(namespace);
    }
}
