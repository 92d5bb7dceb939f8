package dev.fling.testing;

import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The demo's user. Publishes a launch of the bounded example and waits for it to succeed; with
 * the local runtime, then launches the streaming example, rescales it in place and stops it with
 * a savepoint (with {@code sql}: the same with the two scripts of examples/sql/). Prints each lifecycle event as it arrives with the time since the start, and exits
 * 0 once every expected event was seen (1, saying what is missing, otherwise).
 */
public final class DemoClient {

    private final RequestSender sender;
    private final EventLog events;
    private final long start = System.nanoTime();
    private final Set<String> printed = ConcurrentHashMap.newKeySet();
    private final Set<String> jobs = ConcurrentHashMap.newKeySet();

    private DemoClient(RequestSender sender, EventLog events) {
        this.sender = sender;
        this.events = events;
    }

    /** Arguments: bootstrap servers, jar URI of the examples, runtime (local or operator), or {@code sql}. */
    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String jar = args[1];
        boolean local = args.length < 3 || "local".equals(args[2]) || "sql".equals(args[2]);
        boolean sql = args.length >= 3 && "sql".equals(args[2]);
        int status;
        try (RequestSender sender = new RequestSender(bootstrap); EventLog events = new EventLog(bootstrap, "fling.events")) {
            DemoClient demo = new DemoClient(sender, events);
            status = sql ? demo.runSql(bootstrap) : demo.run(jar, local);
        }
        System.exit(status);
    }

    /** The SQL examples of examples/sql/: the bounded one succeeds; the streaming one rescales and stops with a savepoint. */
    private int runSql(String bootstrap) throws java.io.IOException {
        try {
            say("1. a bounded SQL job (examples/sql/orders-per-product.sql): launch, and wait for it to succeed");
            String orders = launchSql("orders", example("orders-per-product.sql"));
            expect(orders, "dev.fling.job.accepted", "dev.fling.job.started", "dev.fling.job.succeeded");
            say("2. a streaming SQL job counting Fling's own events per type into fling.event-counts "
                    + "(examples/sql/event-counts.sql): launch, rescale in place from 1 to 2, stop with a savepoint");
            rescaleAndStopWithASavepoint(launchSql("eventcounts",
                    example("event-counts.sql").replace("localhost:9092", bootstrap)));
        } catch (MissingEvent e) {
            return fail(e.getMessage());
        }
        return verdict();
    }

    private String launchSql(String name, String script) {
        CloudEvent launch = Requests.launch(Requests.sqlLaunchData(script, "name", name, "parallelism", 1));
        String job = Requests.jobName(launch, name);
        jobs.add(job);
        send(launch, "launch of a SQL script -> job " + job);
        return job;
    }

    private static String example(String file) throws java.io.IOException {
        return java.nio.file.Files.readString(java.nio.file.Path.of("examples", "sql", file));
    }

    private int run(String jar, boolean local) {
        try {
            say("1. a bounded job: launch, and wait for it to succeed");
            String wordcount = launch("wordcount", jar, "BoundedWordCount", 2);
            expect(wordcount, "dev.fling.job.accepted", "dev.fling.job.started", "dev.fling.job.succeeded");
            if (local) {
                say("2. a streaming job: launch, rescale in place from 1 to 2, stop with a savepoint");
                String counter = launch("counter", jar, "StreamingCounter", 1);
                rescaleAndStopWithASavepoint(counter);
            }
        } catch (MissingEvent e) {
            return fail(e.getMessage());
        }
        return verdict();
    }

    /** Waits for the job to start, rescales it from 1 to 2 and cancels it with a savepoint. */
    private void rescaleAndStopWithASavepoint(String job) {
        expect(job, "dev.fling.job.started");
        send(Requests.rescale(job, 2), "rescale " + job + " to 2");
        expect(job, "dev.fling.job.rescaled");
        send(Requests.cancel(job, true), "cancel " + job + " with a savepoint");
        CloudEvent cancelled = expect(job, "dev.fling.job.cancelled");
        if (!EventLog.data(cancelled).hasNonNull("savepointPath")) {
            throw new MissingEvent("the cancelled event of " + job + " names no savepoint");
        }
    }

    private int verdict() {
        printNewEvents();
        if (!events.schemaViolations().isEmpty()) {
            return fail("events that do not match their schema: " + events.schemaViolations());
        }
        say("OK: every expected event arrived, each matching its schema in events-schema/");
        return 0;
    }

    private String launch(String name, String jar, String entryClass, int parallelism) {
        CloudEvent launch = Requests.launch(Requests.launchData("name", name, "jarURI", jar,
                "entryClass", "dev.fling.examples." + entryClass, "parallelism", parallelism));
        String job = Requests.jobName(launch, name);
        jobs.add(job);
        send(launch, "launch of " + entryClass + " (parallelism " + parallelism + ") -> job " + job);
        return job;
    }

    private void send(CloudEvent request, String what) {
        sender.sendStructured(request);
        say("published " + request.getType() + ": " + what);
    }

    private CloudEvent expect(String job, String... types) {
        CloudEvent last = null;
        for (String type : types) {
            try {
                last = org.awaitility.Awaitility.await("a " + type + " for " + job).atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(50)).until(() -> {
                            printNewEvents();
                            return events.forJob(job).stream().filter(e -> type.equals(e.getType())).findFirst();
                        }, java.util.Optional::isPresent).get();
            } catch (RuntimeException e) {
                throw new MissingEvent("no " + type + " for " + job + " within 120 s; seen: " + events.types(job));
            }
        }
        return last;
    }

    /** Prints the demo's events that arrived since the last call, in order. */
    private void printNewEvents() {
        for (var record : events.records()) {
            CloudEvent event = record.value();
            if (jobs.contains(event.getSubject()) && printed.add(event.getId())) {
                String data = new String(event.getData().toBytes(), StandardCharsets.UTF_8);
                say(String.format("%-34s %s", event.getType(), data));
                if ("dev.fling.job.started".equals(event.getType())) {
                    launchPhases(data).ifPresent(line -> say(String.format("%-34s %s", "", line)));
                }
            }
        }
    }

    /** "cold start: queued 12 ms, cluster 3105 ms, ..." from a started event's data. */
    private static java.util.Optional<String> launchPhases(String data) {
        try {
            var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(data);
            if (!node.hasNonNull("start")) {
                return java.util.Optional.empty();
            }
            StringBuilder line = new StringBuilder(node.get("start").asText()).append(" start:");
            long total = 0;
            for (var phase : (Iterable<java.util.Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>>)
                    () -> node.path("phases").fields()) {
                line.append(' ').append(phase.getKey()).append(' ').append(phase.getValue().asLong()).append(" ms,");
                total += phase.getValue().asLong();
            }
            return java.util.Optional.of(line.append(" in all ").append(total).append(" ms").toString());
        } catch (java.io.IOException e) {
            return java.util.Optional.empty();
        }
    }

    private int fail(String why) {
        say("FAILED: " + why);
        return 1;
    }

    private void say(String line) {
        System.out.printf("%7.2fs  %s%n", (System.nanoTime() - start) / 1e9, line);
        System.out.flush();
    }

    /** An expected event did not come. */
    private static final class MissingEvent extends RuntimeException {
        MissingEvent(String message) {
            super(message);
        }
    }


}
