package dev.fling.chaos;

import dev.fling.fuzz.DeadLetterIndex;
import io.cloudevents.CloudEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The invariants of a chaos run, checked from outside on what it sent and what Fling published:
 * each a count that must be zero, and the violations to show. Pure over its inputs.
 */
final class ChaosCheck {

    static final Set<String> ONCE = Set.of("accepted", "succeeded", "failed", "cancelled", "timedout");
    static final Set<String> TERMINAL = Set.of("succeeded", "failed", "cancelled", "timedout");

    /** A request as sent: its id, type, channel, exact bytes, and where it landed on the requests topic. */
    record Sent(String id, String type, boolean http, byte[] bytes, String job, int partition, long offset,
            int httpStatus) {}

    final Map<String, Long> figures = new TreeMap<>();
    final List<String> violations = new ArrayList<>();

    ChaosCheck(List<Sent> sent, List<CloudEvent> events, DeadLetterIndex deadLetters, String requestsTopic,
            Map<String, Set<String>> clustersByJob, Set<String> clustersLeft, Map<String, Long> lag) {
        this(sent, events, deadLetters, requestsTopic, clustersByJob, clustersLeft, lag, Map.of());
    }

    /**
     * With {@code jobManagersKilled}: the jobs whose JobManager was killed (SIGKILL) while they ran,
     * and when (ms since the epoch). Each must end {@code failed} (they ask for no retry), once,
     * unless it had ended before, or a cancel accepted before the kill ended it {@code cancelled}.
     */
    ChaosCheck(List<Sent> sent, List<CloudEvent> events, DeadLetterIndex deadLetters, String requestsTopic,
            Map<String, Set<String>> clustersByJob, Set<String> clustersLeft, Map<String, Long> lag,
            Map<String, Long> jobManagersKilled) {
        Map<String, List<CloudEvent>> byRequest = new HashMap<>();
        Map<String, List<CloudEvent>> byJob = new HashMap<>();
        Map<String, Integer> idCounts = new HashMap<>();
        for (CloudEvent event : events) {
            Object request = event.getExtension("flingrequestid");
            if (request != null) {
                byRequest.computeIfAbsent(request.toString(), r -> new ArrayList<>()).add(event);
            }
            if (event.getSubject() != null) {
                byJob.computeIfAbsent(event.getSubject(), j -> new ArrayList<>()).add(event);
            }
            idCounts.merge(event.getId(), 1, Integer::sum);
        }
        Set<String> acceptedLaunches = new HashSet<>();
        Set<String> seenIds = new HashSet<>();
        for (Sent one : sent) {
            if (!seenIds.add(one.id() + "/" + one.http())) {
                continue; // a duplicate of an earlier request: answered under the earlier one's id
            }
            List<CloudEvent> answers = byRequest.getOrDefault(one.id(), List.of());
            if (answers.isEmpty()) {
                violate("lost", "request " + one.id() + " (" + one.type() + (one.http() ? " over HTTP" : "")
                        + ") has no event");
                continue;
            }
            boolean rejected = answers.stream().anyMatch(e -> e.getType().endsWith(".rejected"));
            if (rejected && !deadLettered(one.id(), sent, deadLetters, requestsTopic)) {
                violate("rejected without its dead letter", "request " + one.id() + " was rejected but no delivery "
                        + "of it has its dead letter, byte for byte");
            }
            if (one.type().startsWith("launch") && answers.stream().anyMatch(e -> e.getType().endsWith(".accepted"))) {
                acceptedLaunches.add(answers.get(0).getSubject());
            }
        }
        for (Map.Entry<String, List<CloudEvent>> job : byJob.entrySet()) {
            Map<String, Set<String>> idsByTransition = new HashMap<>();
            for (CloudEvent event : job.getValue()) {
                String kind = kind(event);
                // Each request about a job is accepted once (the launch, and each rescale, savepoint, cancel).
                String transition = kind.equals("accepted") ? kind + " of " + event.getExtension("flingrequestid")
                        : ONCE.contains(kind) ? kind : event.getId();
                idsByTransition.computeIfAbsent(transition, k -> new HashSet<>()).add(event.getId());
            }
            idsByTransition.forEach((transition, ids) -> {
                if (ids.size() > 1) {
                    violate("transitions under two ids", job.getKey() + " " + transition + " as " + ids);
                }
            });
            long terminals = idsByTransition.keySet().stream().filter(TERMINAL::contains).count();
            if (terminals > 1) {
                violate("jobs with two endings", job.getKey() + " ended as " + idsByTransition.keySet());
            }
        }
        for (String job : acceptedLaunches) {
            boolean ended = byJob.getOrDefault(job, List.of()).stream()
                    .anyMatch(e -> TERMINAL.contains(kind(e)));
            if (!ended) {
                violate("jobs without their terminal event", job + " never ended");
            }
            Set<String> clusters = clustersByJob.getOrDefault(job, Set.of());
            if (clusters.isEmpty()) {
                violate("accepted launches without a cluster", job);
            }
        }
        clustersByJob.forEach((job, uids) -> {
            if (uids.size() > 1) {
                violate("duplicate clusters", job + " was created " + uids.size() + " times");
            }
            if (!acceptedLaunches.contains(job)) {
                violate("clusters of no accepted launch", job);
            }
        });
        jobManagersKilled.forEach((job, killedAt) -> {
            List<String> endings = byJob.getOrDefault(job, List.of()).stream().filter(e -> TERMINAL.contains(kind(e)))
                    .filter(e -> e.getTime() == null || e.getTime().toInstant().toEpochMilli() >= killedAt)
                    .map(ChaosCheck::kind).distinct().toList();
            boolean endedBefore = byJob.getOrDefault(job, List.of()).stream().anyMatch(e -> TERMINAL.contains(kind(e))
                    && e.getTime() != null && e.getTime().toInstant().toEpochMilli() < killedAt);
            // A cancel accepted before the kill may end it first (seen: the JobManager killed while it shut down).
            boolean cancelledBefore = byJob.getOrDefault(job, List.of()).stream().anyMatch(e -> e.getId().contains("/accepted/cancel/")
                    && e.getTime() != null && e.getTime().toInstant().toEpochMilli() < killedAt);
            List<List<String>> allowed = cancelledBefore ? List.of(List.of("failed"), List.of("cancelled")) : List.of(List.of("failed"));
            if (!endedBefore && !allowed.contains(endings)) {
                violate("killed JobManagers whose job did not end failed", job + " ended " + endings);
            }
        });
        clustersLeft.forEach(job -> violate("clusters left after their TTL", job));
        lag.forEach((partition, behind) -> {
            if (behind > 0) {
                violate("uncommitted requests at the end", partition + " is " + behind + " behind");
            }
        });
        figures.put("duplicates by id (same event delivered again)",
                idCounts.values().stream().mapToLong(n -> n - 1).sum());
        figures.put("accepted launches", (long) acceptedLaunches.size());
        figures.put("clusters created", clustersByJob.values().stream().mapToLong(Set::size).sum());
        for (String invariant : List.of("lost", "rejected without its dead letter", "duplicate clusters",
                "transitions under two ids", "jobs with two endings", "jobs without their terminal event",
                "accepted launches without a cluster", "clusters of no accepted launch",
                "clusters left after their TTL", "uncommitted requests at the end")) {
            figures.putIfAbsent(invariant, 0L);
        }
        if (!jobManagersKilled.isEmpty()) {
            String invariant = "killed JobManagers whose job did not end failed";
            figures.putIfAbsent(invariant, 0L);
        }
    }

    /**
     * Whether a delivery of this request has its dead letter, byte for byte. Any delivery: a copy
     * sent again may be the one rejected (seen: a duplicate held back by the API server's 429s until
     * its job's time-to-live had passed, then rejected as UNKNOWN_JOB, its dead letter at its own offset).
     */
    private static boolean deadLettered(String id, List<Sent> sent, DeadLetterIndex deadLetters, String requestsTopic) {
        for (Sent delivery : sent) {
            if (!delivery.id().equals(id)) {
                continue;
            }
            DeadLetterIndex.Letter letter = delivery.http() ? deadLetters.takeHttp(delivery.bytes())
                    : deadLetters.ofRecord(requestsTopic, delivery.partition(), delivery.offset());
            if (letter != null && letter.digest().equals(DeadLetterIndex.digest(delivery.bytes()))) {
                return true;
            }
        }
        return false;
    }

    /** The event's type without its prefix: accepted, started, succeeded... */
    static String kind(CloudEvent event) {
        return event.getType().substring("dev.fling.job.".length());
    }

    private void violate(String invariant, String detail) {
        figures.merge(invariant, 1L, Long::sum);
        violations.add(invariant + ": " + detail);
    }

    boolean held() {
        return violations.isEmpty();
    }
}
