package dev.fling.stream;

import java.util.concurrent.CompletionStage;

/** The connection a stream writes to (the HTTP response), apart so the stream is tested without one. */
interface Wire {

    /** Writes the bytes; the stage completes once they are out of the process (on the socket), or fails. */
    CompletionStage<Void> write(byte[] bytes);

    /** Ends the response normally: the stream is over. */
    void end();

    /** Closes the connection at once, whatever is still unsent: a client cut off. */
    void abort();

    /** Whether the client has closed the connection (asked by the keep-alive check). */
    boolean closed();
}
