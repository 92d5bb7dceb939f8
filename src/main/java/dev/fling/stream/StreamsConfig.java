package dev.fling.stream;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The HTTP event streams ({@code GET /events}, {@code GET /jobs/{name}/events}): their limits and timing. */
@ConfigMapping(prefix = "fling.event-streams")
public interface StreamsConfig {

    /** Events a stream holds for a client that has not read them yet; one more and the client is cut off. */
    @WithDefault("1000")
    int buffer();

    /** Streams open at once on this instance; beyond, 503 with Retry-After. */
    @WithDefault("256")
    int maxStreams();

    /** How far back {@code GET /events} looks for the Last-Event-ID it is asked to resume after. */
    @WithDefault("1h")
    Duration resumeWindow();

    /** A comment line goes to a stream that has had nothing else for this long. */
    @WithDefault("15s")
    Duration keepAlive();

    /**
     * How much earlier than a time Fling recorded (a job's acceptance, the event resumed after) the
     * topic is read from: producers' clocks (other instances) may be this far apart.
     */
    @WithDefault("30s")
    Duration clockMargin();
}
