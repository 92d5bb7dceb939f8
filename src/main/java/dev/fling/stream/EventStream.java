package dev.fling.stream;

import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One client's stream. It first replays history (on the request's thread, each write awaited:
 * the client's own pace), while the live events the tail hands over wait in a bounded queue; then
 * it goes live, and each write starts when the previous one is out. A client that lets more than
 * {@code capacity} events wait is cut off, and resumes with Last-Event-ID. Live events at offsets
 * the history already covered are dropped, so the hand-over has no gap and no repeat.
 */
final class EventStream implements Consumer<StreamEvent> {

    /** Why a stream stopped, for the registry's metrics and logs. */
    enum Ending { COMPLETED, CUT_OFF, GONE, NOT_STARTED }

    /** Told once, when the stream stops. */
    interface Closed {
        void closed(EventStream stream, Ending why);
    }

    private final String description;
    private final Wire wire;
    private final Predicate<StreamEvent> filter;
    private final StreamRule rule;
    private final int capacity;
    private final Closed onClosed;
    private final ArrayDeque<StreamEvent> queue = new ArrayDeque<>();
    /** Per partition, the first offset the history did not cover; below it, live events are repeats. */
    private volatile Map<Integer, Long> historyEnds = Map.of();
    private final WriteInFlight writes;
    private boolean live;
    private boolean ending;
    private boolean stopped;

    EventStream(String description, Wire wire, Predicate<StreamEvent> filter, StreamRule rule, int capacity,
            Clock clock, Closed onClosed) {
        this.description = description;
        this.wire = wire;
        this.filter = filter;
        this.rule = rule;
        this.capacity = capacity;
        this.onClosed = onClosed;
        this.writes = new WriteInFlight(clock);
    }

    /** The offsets the history reads up to (exclusive), per partition; set before the history is replayed. */
    void historyEnds(Map<Integer, Long> ends) {
        this.historyEnds = Map.copyOf(ends);
    }

    /** A live event from the tail (its thread): queued, or written at once when the stream is live and idle. */
    @Override
    public void accept(StreamEvent event) {
        if (event.offset() < historyEnds.getOrDefault(event.partition(), 0L) || !filter.test(event)) {
            return;
        }
        synchronized (this) {
            if (stopped || ending) {
                return;
            }
            if (queue.size() >= capacity) {
                stop(Ending.CUT_OFF);
                return;
            }
            queue.add(event);
            if (live && !writes.inFlight()) {
                flush();
            }
        }
    }

    /**
     * Writes history events (those the filter and rule let through) and waits until they are out;
     * false once the stream is over (the client went away, was cut off, or the job ended).
     */
    boolean replay(List<StreamEvent> events) {
        byte[] batch;
        synchronized (this) {
            batch = frames(events.stream().filter(filter).iterator());
        }
        return awaitWrite(batch) && !ending;
    }

    /** Writes a comment and waits until it is out; false once the stream is over. */
    boolean comment(String text) {
        return awaitWrite(SseFrames.comment(text));
    }

    /** The history is out: what the tail queued meanwhile goes next, then every live event as it comes. */
    void goLive() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            live = true;
            if (!queue.isEmpty() && !ending) {
                flush();
            } else if (ending && !writes.inFlight()) {
                stop(Ending.COMPLETED);
            }
        }
    }

    /** Ends the stream normally (the job ended before its events could be streamed). */
    void complete() {
        synchronized (this) {
            stop(Ending.COMPLETED);
        }
    }

    /**
     * The keep-alive check: a comment when nothing went out for {@code keepAlive}; a write still in
     * flight after {@code stallLimit} means a client that stopped reading, cut off.
     */
    void tick(Duration keepAlive, Duration stallLimit) {
        synchronized (this) {
            if (stopped) {
                return;
            }
            if (wire.closed()) {
                stop(Ending.GONE);
            } else if (writes.stalled(stallLimit)) {
                stop(Ending.CUT_OFF);
            } else if (live && writes.idleFor(keepAlive)) {
                start(SseFrames.comment("keep-alive"));
            }
        }
    }

    /**
     * The stream could not go on (the broker failed it): before its first byte, the connection is
     * left alone for the answer that says why; after, it is closed and the client resumes.
     */
    void failed() {
        synchronized (this) {
            stop(writes.wroteAny() ? Ending.GONE : Ending.NOT_STARTED);
        }
    }

    /** The client closed the connection. */
    void gone() {
        synchronized (this) {
            stop(Ending.GONE);
        }
    }

    synchronized boolean stopped() {
        return stopped;
    }

    /** Events waiting for the client (for tests and the log). */
    synchronized int waiting() {
        return queue.size();
    }

    @Override
    public String toString() {
        return description;
    }

    // Under the lock, live and not writing: everything queued goes out in one write.
    private void flush() {
        byte[] batch = frames(queue.iterator());
        queue.clear();
        if (batch.length > 0) {
            start(batch);
        } else if (ending) {
            stop(Ending.COMPLETED);
        }
    }

    // Under the lock: the frames of the events the rule sends, up to the one that ends the stream.
    private byte[] frames(Iterator<StreamEvent> events) {
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        while (events.hasNext() && !ending && !stopped) {
            StreamEvent event = events.next();
            if (rule.send(event)) {
                batch.writeBytes(SseFrames.event(event));
            }
            ending = rule.last(event);
        }
        return batch.toByteArray();
    }

    // Under the lock: one write in flight at a time; what comes meanwhile waits in the queue.
    private void start(byte[] bytes) {
        writes.started();
        wire.write(bytes).whenComplete((ok, failure) -> written(failure));
    }

    private synchronized void written(Throwable failure) {
        writes.ended();
        if (stopped) {
            return;
        }
        if (failure != null) {
            stop(Ending.GONE);
        } else if (!queue.isEmpty() && !ending) {
            flush();
        } else if (ending) {
            stop(Ending.COMPLETED);
        }
    }

    // On the request's thread during the replay; the tail only queues meanwhile.
    private boolean awaitWrite(byte[] bytes) {
        CompletableFuture<Void> write;
        synchronized (this) {
            if (stopped) {
                return false;
            }
            if (bytes.length == 0) {
                return true;
            }
            writes.started();
            write = wire.write(bytes).toCompletableFuture();
        }
        switch (WriteWait.await(write, this::stopped)) {
            case WRITTEN -> {
                synchronized (this) {
                    writes.ended();
                    return !stopped;
                }
            }
            case STOPPED -> {
                return false; // cut off while the client did not read (the keep-alive check decided)
            }
            default -> {
                gone();
                return false;
            }
        }
    }

    // Under the lock: the first reason to stop wins.
    private void stop(Ending why) {
        if (stopped) {
            return;
        }
        stopped = true;
        queue.clear();
        if (why == Ending.COMPLETED) {
            wire.end();
        } else if (why != Ending.NOT_STARTED) {
            wire.abort(); // cut off, or a connection that failed a write: nothing more can go out on it
        }
        onClosed.closed(this, why);
    }
}
