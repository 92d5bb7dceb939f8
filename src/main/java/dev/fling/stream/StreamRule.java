package dev.fling.stream;

/**
 * What a stream sends of the events that passed its filter, and when it is over. Called in the
 * events' order, under the stream's lock.
 */
interface StreamRule {

    /** Sends everything, never ends: {@code GET /events}. */
    StreamRule EVERYTHING = new StreamRule() {
        @Override
        public boolean send(StreamEvent event) {
            return true;
        }

        @Override
        public boolean last(StreamEvent event) {
            return false;
        }
    };

    /** Whether the event goes out (false for a repeat the client already has). */
    boolean send(StreamEvent event);

    /** Whether the stream ends after this event. */
    boolean last(StreamEvent event);
}
