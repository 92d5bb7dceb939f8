package dev.fling.stream;

import dev.fling.runtime.FlinkRuntime;
import dev.fling.runtime.JobRecord;
import dev.fling.tracking.JobSnapshot;
import dev.fling.tracking.JobTracker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The event streams of this instance: opens them (history, then live), keeps count of them
 * ({@code fling.event-streams.max-streams}), sends their keep-alives, and owns the tail they share.
 * A stream is a view of the events topic, so any instance serves it, before or after a restart.
 */
@ApplicationScoped
public class EventStreams {

    private static final Logger LOG = Logger.getLogger(EventStreams.class);
    /** How long a stream may wait to join the tail (the broker must say where each partition ends). */
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(15);
    /** A write still in flight after this many keep-alive intervals: the client stopped reading. */
    private static final int STALLED_AFTER_KEEP_ALIVES = 4;

    private final StreamsConfig config;
    private final JobTracker tracker;
    private final FlinkRuntime runtime;
    private final Clock clock;
    private final LiveTail tail;
    private final HistoryReader history;
    private final Set<EventStream> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger reserved = new AtomicInteger();
    private final Counter cut;
    private final ScheduledExecutorService keepAlive;

    public EventStreams(StreamsConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafka,
            @ConfigProperty(name = "mp.messaging.outgoing.events.topic") String topic, JobTracker tracker,
            FlinkRuntime runtime, MeterRegistry meters, Clock clock) {
        this.config = config;
        this.tracker = tracker;
        this.runtime = runtime;
        this.clock = clock;
        this.tail = new LiveTail(new StreamKafka(kafka, "fling-event-streams-tail"), topic);
        this.history = new HistoryReader(new StreamKafka(kafka, "fling-event-streams-history"), topic);
        this.cut = Counter.builder("fling.event.streams.cut")
                .description("Streams closed because the client read too slowly (it resumes with Last-Event-ID)")
                .register(meters);
        meters.gauge("fling.event.streams.open", open, Set::size);
        this.keepAlive = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "fling-event-streams-keepalive");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(200, config.keepAlive().toMillis() / 3);
        keepAlive.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    /** A stream beyond {@code max-streams}: answered 503 with Retry-After. */
    static final class TooManyStreams extends RuntimeException {
        TooManyStreams(int max) {
            super("this instance serves " + max + " event streams already; try again shortly");
        }
    }

    /** The broker could not say where the events topic stands: answered 503 with Retry-After. */
    static final class TopicUnavailable extends RuntimeException {
        TopicUnavailable(Throwable cause) {
            super("cannot read the events topic now (" + cause.getMessage() + ")", cause);
        }
    }

    /** What the streams need of a job: its record, and whether it had ended when the stream was asked for. */
    record KnownJob(JobRecord record, boolean ended) {}

    /** The job as this instance knows it (followed, or removed after its time-to-live), without waiting for its turn. */
    Optional<KnownJob> job(String name) {
        return tracker.published(name)
                .map((JobSnapshot job) -> new KnownJob(job.record(), job.tracking().state().isTerminal()))
                .or(() -> runtime.removed(name).map(job -> new KnownJob(job.record(), true)));
    }

    /**
     * Streams one job's events to the wire: its history since the launch's accepted event (after
     * {@code lastEventId} if given), then live ones, ending after its terminal event. Runs the
     * history on the caller's thread; throws before anything is written if it cannot start.
     */
    void streamJob(String name, KnownJob job, String lastEventId, Wire wire) {
        JobStreamRule rule = new JobStreamRule();
        EventStream stream = reserve("events of " + name, wire, event -> name.equals(event.job()), rule);
        try {
            Map<Integer, Long> positions = join(stream);
            int partition = JobPartition.of(name, positions.size());
            Map<Integer, Long> ends = history.ends(positions);
            stream.historyEnds(ends);
            List<StreamEvent> events = history.job(name, partition,
                    job.record().acceptedAt().minus(config.clockMargin()), ends.get(partition));
            JobStreamRule.Resumed resumed = rule.resume(events, lastEventId);
            String opening = lastEventId != null && !resumed.found()
                    ? "job " + name + " never had an event with id " + lastEventId + "; here are all of its events"
                    : "events of job " + name;
            if (!stream.comment(opening)) {
                return;
            }
            if (resumed.ended()) {
                stream.complete(); // the client has the terminal event already
                return;
            }
            if (!stream.replay(resumed.rest())) {
                stream.goLive(); // ends it: the terminal event is out (or was, before the resumed id)
                return;
            }
            if (job.ended()) {
                // Ended before the history was read, yet no terminal event in it: gone from the topic.
                stream.comment("job " + name + " has ended; its terminal event is no longer on the events topic");
                stream.complete();
                return;
            }
            stream.goLive();
        } catch (RuntimeException e) {
            stream.failed();
            throw e;
        }
    }

    /**
     * Streams every job's events that pass the filter, live from now; after {@code lastEventId}
     * when that id was emitted within the resume window.
     */
    void streamAll(EventFilter filter, String lastEventId, Wire wire) {
        EventStream stream = reserve("events" + (filter.equals(EventFilter.ALL) ? "" : " " + filter), wire,
                event -> filter.matches(event, this::recordOf), StreamRule.EVERYTHING);
        try {
            Map<Integer, Long> positions = join(stream);
            if (lastEventId == null) {
                stream.historyEnds(positions);
                if (stream.comment("events of every job" + (filter.equals(EventFilter.ALL) ? "" : ", filtered"))) {
                    stream.goLive();
                }
                return;
            }
            Map<Integer, Long> ends = history.ends(positions);
            stream.historyEnds(ends);
            Optional<StreamEvent> after = history.find(lastEventId, clock.instant().minus(config.resumeWindow()), ends);
            if (after.isEmpty()) {
                stream.historyEnds(positions);
                if (stream.comment("no event with id " + lastEventId + " in the last " + config.resumeWindow()
                        + "; live from now")) {
                    stream.goLive();
                }
                return;
            }
            if (!stream.comment("resuming after " + lastEventId)) {
                return;
            }
            history.read(ResumePoint.starts(after.get(), ends.keySet(), config.clockMargin()), ends, stream::replay);
            stream.goLive();
        } catch (RuntimeException e) {
            stream.failed();
            throw e;
        }
    }

    /** The wire of a stream on this HTTP response; {@link VertxWire#methodReturned()} once the resource method returns. */
    VertxWire wire(io.vertx.core.http.HttpServerRequest request, io.vertx.core.http.HttpServerResponse response,
            jakarta.ws.rs.sse.SseEventSink sink) {
        return new VertxWire(request, response, sink, keepAlive);
    }

    private Optional<JobRecord> recordOf(String name) {
        return tracker.published(name).map(JobSnapshot::record)
                .or(() -> runtime.removed(name).map(removed -> removed.record()));
    }

    private EventStream reserve(String description, Wire wire, java.util.function.Predicate<StreamEvent> filter,
            StreamRule rule) {
        if (reserved.incrementAndGet() > config.maxStreams()) {
            reserved.decrementAndGet();
            throw new TooManyStreams(config.maxStreams());
        }
        EventStream stream = new EventStream(description, wire, filter, rule, config.buffer(), clock, this::closed);
        open.add(stream);
        return stream;
    }

    private Map<Integer, Long> join(EventStream stream) {
        try {
            return tail.join(stream).get(JOIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new TopicUnavailable(e.getCause());
        } catch (TimeoutException e) {
            throw new TopicUnavailable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicUnavailable(e);
        }
    }

    private void closed(EventStream stream, EventStream.Ending why) {
        if (open.remove(stream)) {
            reserved.decrementAndGet();
        }
        tail.leave(stream);
        if (why == EventStream.Ending.CUT_OFF) {
            cut.increment();
            LOG.infof("cut off the stream of %s: the client read too slowly (it may resume with Last-Event-ID)", stream);
        }
    }

    private void tick() {
        Duration every = config.keepAlive();
        Duration stalled = every.multipliedBy(STALLED_AFTER_KEEP_ALIVES);
        for (EventStream stream : open) {
            try {
                stream.tick(every, stalled);
            } catch (RuntimeException e) {
                LOG.warnf("keep-alive of the stream of %s failed: %s", stream, e);
            }
        }
    }

    @PreDestroy
    void close() throws InterruptedException {
        keepAlive.shutdownNow();
        for (EventStream stream : open) {
            stream.complete();
        }
        tail.close();
    }
}
