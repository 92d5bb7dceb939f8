package dev.fling.bench;

import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts, on the API server's side (outside Fling), the requests each caller sends by verb, and
 * the watch events the API server sends on Fling's watch. A caller is told apart by what it sends:
 * Fling carries its bearer token ({@link #FLING_TOKEN}), the floor and the benchmark's own clean-up
 * their user agents; everything else is the testing operator.
 */
final class ApiCalls {

    /** The token Fling is given, as in a pod. */
    static final String FLING_TOKEN = "bench";
    static final String FLOOR_AGENT = "fling-bench-floor";
    static final String CLEANER_AGENT = "fling-bench-cleaner";

    enum Caller { FLING, FLOOR, OPERATOR, CLEANER }

    enum Verb { CREATE, PATCH, UPDATE, GET, LIST, WATCH, DELETE }

    private final Map<Caller, Map<Verb, LongAdder>> requests = new EnumMap<>(Caller.class);
    private final LongAdder flingWatchEvents = new LongAdder();

    ApiCalls() {
        for (Caller caller : Caller.values()) {
            Map<Verb, LongAdder> verbs = new EnumMap<>(Verb.class);
            for (Verb verb : Verb.values()) {
                verbs.put(verb, new LongAdder());
            }
            requests.put(caller, verbs);
        }
    }

    void served(RecordedRequest request) {
        requests.get(caller(request)).get(verb(request.getMethod(), request.getPath())).increment();
    }

    /** A change the API server sends to every watch whose selector matches: Fling's, when it is one of Fling's deployments. */
    void changed(String resourceJson) {
        if (resourceJson != null && resourceJson.contains("\"app.kubernetes.io/managed-by\":\"fling\"")) {
            flingWatchEvents.increment();
        }
    }

    static Caller caller(RecordedRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.equals("Bearer " + FLING_TOKEN)) {
            return Caller.FLING;
        }
        String agent = request.getHeader("User-Agent");
        if (FLOOR_AGENT.equals(agent)) {
            return Caller.FLOOR;
        }
        return CLEANER_AGENT.equals(agent) ? Caller.CLEANER : Caller.OPERATOR;
    }

    /** The verb as Kubernetes names it: a GET of a collection is a list, with {@code watch=} a watch. */
    static Verb verb(String method, String path) {
        return switch (method) {
            case "POST" -> Verb.CREATE;
            case "PATCH" -> Verb.PATCH;
            case "PUT" -> Verb.UPDATE;
            case "DELETE" -> Verb.DELETE;
            default -> {
                if (path.contains("watch=true") || path.contains("watch=1")) {
                    yield Verb.WATCH;
                }
                String resource = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
                yield resource.matches(".*/namespaces/[^/]+/[^/]+/[^/]+(/status)?") ? Verb.GET : Verb.LIST;
            }
        };
    }

    /** What has been counted so far. */
    Snapshot snapshot() {
        Map<Caller, Map<Verb, Long>> counts = new EnumMap<>(Caller.class);
        requests.forEach((caller, verbs) -> {
            Map<Verb, Long> byVerb = new EnumMap<>(Verb.class);
            verbs.forEach((verb, count) -> byVerb.put(verb, count.sum()));
            counts.put(caller, byVerb);
        });
        return new Snapshot(counts, flingWatchEvents.sum());
    }

    record Snapshot(Map<Caller, Map<Verb, Long>> requests, long flingWatchEvents) {

        long requests(Caller caller, Verb verb) {
            return requests.get(caller).get(verb);
        }

        long requests(Caller caller) {
            return requests.get(caller).values().stream().mapToLong(Long::longValue).sum();
        }

        /** What was counted since {@code before}, over {@code jobs}. */
        PerJob perJob(Snapshot before, int jobs) {
            Map<Caller, Map<Verb, Double>> per = new EnumMap<>(Caller.class);
            for (Caller caller : Caller.values()) {
                Map<Verb, Double> byVerb = new EnumMap<>(Verb.class);
                for (Verb verb : Verb.values()) {
                    byVerb.put(verb, (double) (requests(caller, verb) - before.requests(caller, verb)) / jobs);
                }
                per.put(caller, byVerb);
            }
            return new PerJob(per, (double) (flingWatchEvents - before.flingWatchEvents) / jobs);
        }
    }

    record PerJob(Map<Caller, Map<Verb, Double>> requests, double flingWatchEvents) {

        double of(Caller caller, Verb verb) {
            return requests.get(caller).get(verb);
        }

        double of(Caller caller) {
            return requests.get(caller).values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }
}
