package dev.fling.chaos;

import dev.fling.testing.Requests;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Everything a chaos run does, drawn from its seed before it starts: each request (its bytes,
 * channel and the pause before it) and each fault, placed after a request count rather than at a
 * time, so that a seed names one sequence of requests and faults however long Fling takes to start.
 * What still varies from run to run is the timing inside the system (docs/reliability.md). Pure.
 */
public record ChaosPlan(long seed, Profile profile, List<Step> steps) {

    /** What runs: the runtime and whether two instances share leadership. Decides the requests and faults drawn. */
    public enum Profile {
        OPERATOR("operator runtime", List.of(Fault.Kind.values()).subList(0, 6), 500),
        HA("operator runtime, two instances with leadership", List.of(Fault.Kind.LEADER_KILL, Fault.Kind.LEADER_KILL,
                Fault.Kind.SIGTERM, Fault.Kind.API_CUT, Fault.Kind.BROKER_STOP, Fault.Kind.API_ERRORS), 500),
        LOCAL("local runtime, real Flink processes", List.of(Fault.Kind.SIGKILL, Fault.Kind.JOBMANAGER_KILL,
                Fault.Kind.TASKMANAGER_KILL), 4_000);

        final String title;
        final List<Fault.Kind> faults;
        /** The mean pause between two requests: a local job is a pair of JVMs, so fewer of them. */
        final int meanPauseMillis;

        Profile(String title, List<Fault.Kind> faults, int meanPauseMillis) {
            this.title = title;
            this.faults = faults;
            this.meanPauseMillis = meanPauseMillis;
        }
    }

    sealed interface Step {}

    /** A request sent anew (type as counted in the table, the job it names, over HTTP or Kafka). */
    record Send(int index, String id, String type, String job, boolean http, byte[] bytes, int pauseMillis)
            implements Step {}

    /** The request of step {@code of} sent again, same id and bytes, as a retrying client or a redelivery does. */
    record Duplicate(int of, int pauseMillis) implements Step {}

    /** The (testing) operator fails this job's deployment, as a crashing job would. */
    record FailJob(String job, int pauseMillis) implements Step {}

    record Fault(Kind kind, int millis) implements Step {
        enum Kind {
            SIGKILL("Fling killed (SIGKILL) and restarted"),
            SIGTERM("Fling stopped (SIGTERM) and restarted"),
            API_CUT("Kubernetes API cut off for 2-8 s"),
            BROKER_STOP("Kafka broker stopped for 2-8 s and started again"),
            API_ERRORS("Kubernetes API answering 500 or 429 to a third of calls for 5-15 s"),
            API_STALL("Kubernetes API stalled (calls time out) for 2-8 s"),
            LEADER_KILL("the leader killed (SIGKILL) and restarted as a standby"),
            JOBMANAGER_KILL("a running job's JobManager killed (SIGKILL)"),
            TASKMANAGER_KILL("a running job's TaskManager killed (SIGKILL)");

            final String description;

            Kind(String description) {
                this.description = description;
            }
        }
    }

    static final String PREFIX = "chaos";
    static final String SOURCE = "/tests/chaos";
    /** A duplicate repeats one of this many last requests, none from before a fault (whose job may have ended since). */
    static final int DUPLICATE_WINDOW = 8;

    /** The plan of {@code requests} requests for {@code profile}, drawn from {@code seed}; local jobs run from {@code jar}. */
    static ChaosPlan draw(long seed, Profile profile, int requests, String jar) {
        Random random = new Random(seed);
        List<Step> steps = new ArrayList<>();
        List<Send> sent = new ArrayList<>();
        List<String> launched = new ArrayList<>();
        int sinceFault = 0;
        int nextFault = between(random, 16, 40) * 500 / profile.meanPauseMillis;
        for (int n = 0; n < requests; n++) {
            int pause = between(random, profile.meanPauseMillis * 2 / 5, profile.meanPauseMillis * 8 / 5);
            int dice = random.nextInt(100);
            String job = launched.isEmpty() ? null : launched.get(random.nextInt(launched.size()));
            int window = Math.min(DUPLICATE_WINDOW, sinceFault);
            if (profile != Profile.LOCAL && dice >= 62 && dice < 70 && job != null) {
                steps.add(new FailJob(job, pause));
            } else if (dice >= 70 && dice < 85 && window > 0) {
                int back = 1 + random.nextInt(window);
                steps.add(new Duplicate(steps.indexOf(sent.get(sent.size() - back)), pause));
            } else {
                Send send = send(seed, profile, jar, random, sent.size(), dice, job, pause);
                if (send.type().startsWith("launch")) {
                    launched.add(send.job());
                }
                sent.add(send);
                steps.add(send);
                sinceFault++;
            }
            if (--nextFault <= 0 && n + 1 < requests) {
                Fault.Kind kind = profile.faults.get(random.nextInt(profile.faults.size()));
                int millis = switch (kind) {
                    case API_ERRORS -> between(random, 5_000, 15_000);
                    case SIGKILL, LEADER_KILL -> between(random, 500, 3_000);
                    case SIGTERM, JOBMANAGER_KILL, TASKMANAGER_KILL -> 0;
                    default -> between(random, 2_000, 8_000);
                };
                steps.add(new Fault(kind, millis));
                sinceFault = 0;
                nextFault = between(random, 16, 40) * 500 / profile.meanPauseMillis;
            }
        }
        return new ChaosPlan(seed, profile, List.copyOf(steps));
    }

    private static Send send(long seed, Profile profile, String jar, Random random, int index, int dice, String job, int pause) {
        String type;
        String eventType;
        Map<String, Object> data;
        if (dice < 35 || job == null) {
            type = "launch";
            eventType = "launch";
            data = launchData(profile, jar, random);
            type = profile == Profile.LOCAL ? "launch of " + data.get("entryClass").toString()
                    .replace("dev.fling.examples.", "") : type;
        } else if (dice < 45) {
            type = eventType = "rescale";
            data = ordered("job", job, "parallelism", 1 + random.nextInt(profile == Profile.LOCAL ? 2 : 4));
        } else if (dice < 52) {
            type = eventType = "savepoint";
            data = ordered("job", job);
        } else if (dice < 62 || dice < 70 && profile == Profile.LOCAL) {
            type = eventType = "cancel";
            data = ordered("job", job, "savepoint", random.nextBoolean());
        } else {
            type = "unknown job";
            eventType = "cancel";
            data = ordered("job", "fling-" + Long.toHexString(random.nextLong() & 0xffffffffffL), "savepoint", false);
        }
        String id = PREFIX + seed + "-" + index;
        // Ids and correlation from the seed too, so that a replay sends the same bytes.
        CloudEvent event = CloudEventBuilder.v1().withId(id).withSource(java.net.URI.create(SOURCE))
                .withType("dev.fling.job." + eventType).withDataContentType("application/json")
                .withData(Requests.json(data)).withExtension("correlationid", "chaos-" + seed + "-" + index).build();
        String target = eventType.equals("launch") ? Requests.jobName(event, PREFIX) : job;
        if (type.equals("unknown job")) {
            target = data.get("job").toString();
        }
        return new Send(index, id, type, target, random.nextInt(4) == 0,
                Requests.structured(event).getBytes(StandardCharsets.UTF_8), pause);
    }

    /**
     * Operator: the testing operator's job (it ends when the run says). Local: one of the examples
     * jar's jobs, short: a bounded word count that succeeds, a counter that runs until cancelled (or
     * its records are counted), a job that fails.
     */
    private static Map<String, Object> launchData(Profile profile, String jar, Random random) {
        if (profile != Profile.LOCAL) {
            return Requests.launchData("name", PREFIX);
        }
        Map<String, Object> data = new TreeMap<>();
        data.put("name", PREFIX);
        data.put("jarURI", jar);
        data.put("parallelism", 1);
        int which = random.nextInt(10);
        if (which < 4) {
            data.put("entryClass", "dev.fling.examples.BoundedWordCount");
        } else if (which < 8) {
            data.put("entryClass", "dev.fling.examples.StreamingCounter");
            data.put("args", List.of("--records", Integer.toString(between(random, 200, 2_000)), "--rate", "50"));
        } else {
            data.put("entryClass", "dev.fling.examples.FailingJob");
        }
        return data;
    }

    /** Fields in the order given: {@code Map.of} iterates in an order that differs from one JVM to the next, and so would the bytes. */
    private static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            data.put((String) keyValues[i], keyValues[i + 1]);
        }
        return data;
    }

    /** The requests sent anew, in order. */
    List<Send> sends() {
        return steps.stream().filter(Send.class::isInstance).map(Send.class::cast).toList();
    }

    List<Fault> faults() {
        return steps.stream().filter(Fault.class::isInstance).map(Fault.class::cast).toList();
    }

    /** How many requests (sent anew or again) come before each fault: where the schedule places them. */
    List<Integer> faultPositions() {
        List<Integer> positions = new ArrayList<>();
        int requests = 0;
        for (Step step : steps) {
            if (step instanceof Fault) {
                positions.add(requests);
            } else if (!(step instanceof FailJob)) {
                requests++;
            }
        }
        return positions;
    }

    /** A short fingerprint of every step and every byte sent: two runs with the same one did the same. */
    String digest() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Step step : steps) {
                digest.update((step instanceof Send s ? s.id() + s.type() + s.job() + s.http() + s.pauseMillis()
                        : step.toString()).getBytes(StandardCharsets.UTF_8));
                if (step instanceof Send s) {
                    digest.update(s.bytes());
                }
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the run prints at its start: the counts, every fault after its request, and the digest. */
    String describe() {
        Map<String, Integer> types = new TreeMap<>();
        for (Step step : steps) {
            String type = step instanceof Send s ? s.type() : step instanceof Duplicate ? "duplicate of an earlier request"
                    : step instanceof FailJob ? "job failed by the operator" : null;
            if (type != null) {
                types.merge(type, 1, Integer::sum);
            }
        }
        StringBuilder text = new StringBuilder(String.format("chaos plan, seed %d, %s, digest %s: %s%n", seed,
                profile.title, digest(), types));
        List<Integer> positions = faultPositions();
        List<Fault> faults = faults();
        for (int k = 0; k < faults.size(); k++) {
            text.append(String.format("  fault %d after request %d: %s (%d ms)%n", k + 1, positions.get(k),
                    faults.get(k).kind().description, faults.get(k).millis()));
        }
        return text.toString();
    }

    private static int between(Random random, int from, int to) {
        return from + random.nextInt(to - from + 1);
    }
}
