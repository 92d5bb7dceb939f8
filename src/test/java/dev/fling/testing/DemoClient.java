package dev.fling.testing;

import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The demo's user: publishes a launch of the example job, prints each lifecycle event as it
 * arrives with the time since the launch was sent, and exits 0 once the job succeeded (1, saying
 * what is missing, otherwise).
 */
public final class DemoClient {

    private static final List<String> EXPECTED = List.of(
            "dev.fling.job.accepted", "dev.fling.job.started", "dev.fling.job.succeeded");

    private DemoClient() {}

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        Duration timeout = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 60);
        try (RequestSender sender = new RequestSender(bootstrap); EventLog events = new EventLog(bootstrap, "fling.events")) {
            CloudEvent launch = Requests.launch(Requests.launchData("name", "demo", "parallelism", 2,
                    "args", List.of("--output", "print")));
            String job = Requests.jobName(launch, "demo");
            long start = System.nanoTime();
            sender.sendStructured(launch);
            System.out.printf("%7s  published dev.fling.job.launch %s -> job %s%n", "0.000s", launch.getId(), job);
            List<String> seen = new ArrayList<>();
            Set<String> printed = new java.util.HashSet<>();
            long deadline = start + timeout.toNanos();
            while (System.nanoTime() < deadline && !seen.containsAll(EXPECTED)) {
                for (CloudEvent event : events.forJob(job)) {
                    if (printed.add(event.getId())) {
                        seen.add(event.getType());
                        System.out.printf("%6.3fs  %-26s %s%n", (System.nanoTime() - start) / 1e9, event.getType(),
                                new String(event.getData().toBytes(), StandardCharsets.UTF_8));
                    }
                }
                Thread.sleep(20);
            }
            List<String> missing = EXPECTED.stream().filter(type -> !seen.contains(type)).toList();
            if (!missing.isEmpty() || !events.schemaViolations().isEmpty()) {
                System.out.println("FAILED: missing " + missing + " after " + timeout.toSeconds() + " s"
                        + (events.schemaViolations().isEmpty() ? "" : "; schema violations: " + events.schemaViolations()));
                System.exit(1);
            }
            System.out.println("OK: every expected event arrived and matches its schema in events-schema/");
        }
        System.exit(0);
    }

}
