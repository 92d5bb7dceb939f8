package dev.fling.stream;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A stream's HTTP response. The frames are written as bytes on the Vert.x response (the SSE
 * writer of Quarkus REST adds a {@code data:} line to a comment and has no way to cut a client
 * off); the {@link SseEventSink} is there so that Quarkus REST keeps the response open after the
 * resource method returns, and closes it properly at the end.
 */
final class VertxWire implements Wire {

    static final String EVENT_STREAM = "text/event-stream";

    /** How long an end asked for inside the resource method waits (see {@link #end()}). */
    private static final long DEFERRED_END_MILLIS = 100;

    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final SseEventSink sink;
    private final ScheduledExecutorService later;
    /** The thread running the resource method, until it returns; null afterwards. */
    private volatile Thread method = Thread.currentThread();

    VertxWire(HttpServerRequest request, HttpServerResponse response, SseEventSink sink,
            ScheduledExecutorService later) {
        this.request = request;
        this.response = response;
        this.sink = sink;
        this.later = later;
    }

    /** Whether the stream has begun (its status and headers are out): from then on, no other answer. */
    boolean started() {
        return response.headWritten();
    }

    /** The resource method has returned: Quarkus REST has set the stream up, an end may happen at once. */
    void methodReturned() {
        method = null;
    }

    @Override
    public CompletionStage<Void> write(byte[] bytes) {
        try {
            if (!response.headWritten()) {
                response.setStatusCode(200)
                        .putHeader(HttpHeaders.CONTENT_TYPE, EVENT_STREAM)
                        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                        // Proxies such as nginx would otherwise hold the events back to fill a buffer.
                        .putHeader("X-Accel-Buffering", "no")
                        .setChunked(true);
            }
            return response.write(Buffer.buffer(bytes)).toCompletionStage();
        } catch (IllegalStateException e) {
            return CompletableFuture.failedFuture(e); // the response is over (the client went away)
        }
    }

    /**
     * Ends the response. Asked for inside the resource method (a job that had ended: its history,
     * then the end), it waits a moment: after the method returns, Quarkus REST still installs the
     * sink's close handler on the response, which fails on a response already ended.
     */
    @Override
    public void end() {
        if (Thread.currentThread() == method) {
            later.schedule(sink::close, DEFERRED_END_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            sink.close();
        }
    }

    @Override
    public void abort() {
        request.connection().close();
        sink.close();
    }

    @Override
    public boolean closed() {
        return response.closed();
    }
}
