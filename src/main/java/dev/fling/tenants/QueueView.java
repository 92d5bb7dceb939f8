package dev.fling.tenants;

import java.time.Instant;
import java.util.List;

/** The queue as the last pass of {@link QueueKeeper} saw it: what counts as running, and what waits in order. */
public record QueueView(List<FairQueue.Entry> running, List<FairQueue.Waiting> waiting, Instant at) {

    static final QueueView EMPTY = new QueueView(List.of(), List.of(), Instant.EPOCH);

    public QueueView {
        running = List.copyOf(running);
        waiting = List.copyOf(waiting);
    }
}
