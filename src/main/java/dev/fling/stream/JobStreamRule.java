package dev.fling.stream;

import dev.fling.events.EventType;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One job's stream: each id once (a redelivered event repeats its id; the client has it), and
 * over after the job's terminal event. Resuming after a Last-Event-ID counts everything up to its
 * first occurrence as already with the client.
 */
final class JobStreamRule implements StreamRule {

    private static final Set<String> TERMINAL = Set.of(EventType.SUCCEEDED.type(), EventType.FAILED.type(),
            EventType.CANCELLED.type(), EventType.TIMED_OUT.type());

    private final Set<String> sent = new HashSet<>();
    private boolean ended;

    /** Where the replay of a job's history starts, and whether the id was found there. */
    record Resumed(List<StreamEvent> rest, boolean found, boolean ended) {}

    /**
     * The part of the job's history after the first event with that id (all of it when the id is
     * null or was never the job's). The events up to it count as sent, so their repeats are not sent again.
     */
    Resumed resume(List<StreamEvent> history, String lastEventId) {
        if (lastEventId == null) {
            return new Resumed(history, false, false);
        }
        for (int i = 0; i < history.size(); i++) {
            if (Objects.equals(history.get(i).id(), lastEventId)) {
                for (StreamEvent seen : history.subList(0, i + 1)) {
                    sent.add(seen.id());
                    ended |= isTerminal(seen);
                }
                return new Resumed(history.subList(i + 1, history.size()), true, ended);
            }
        }
        return new Resumed(history, false, false);
    }

    @Override
    public boolean send(StreamEvent event) {
        return !ended && sent.add(event.id());
    }

    @Override
    public boolean last(StreamEvent event) {
        if (isTerminal(event)) {
            ended = true;
        }
        return ended;
    }

    static boolean isTerminal(StreamEvent event) {
        return TERMINAL.contains(event.type());
    }
}
