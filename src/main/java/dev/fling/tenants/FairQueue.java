package dev.fling.tenants;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The queue's order, as one pure function of what runs and what waits. Within a tenant, higher
 * priority first, then arrival. Between tenants, the next place goes to the tenant furthest below
 * its weighted share (running jobs divided by weight). A tenant at its own limit waits without
 * holding up the others; when the launch whose turn it is does not fit in the global limits,
 * nobody overtakes it (so a large launch is not starved by smaller ones). Running jobs are never
 * stopped for a waiting one: there is no preemption.
 */
public final class FairQueue {

    private FairQueue() {}

    /** One job as the queue sees it; {@code arrival} is when it was accepted (ties: by name). */
    public record Entry(String job, String tenant, int priority, Instant arrival, int parallelism, long memoryBytes) {}

    /** A tenant's say in the queue. */
    public record Share(int weight, Limits limits) {
        static final Share DEFAULT = new Share(1, Limits.UNLIMITED);
    }

    /** A job that waits: its place (1 = next) and why it waits. */
    public record Waiting(Entry entry, int position, String reason) {}

    /** What to let in now, in order, and everything that still waits, in queue order. */
    public record Plan(List<Entry> admit, List<Waiting> waiting) {}

    /** What one tenant (or all together) runs. */
    private static final class Usage {
        long jobs;
        long parallelism;
        long memory;

        void add(Entry entry) {
            jobs++;
            parallelism += entry.parallelism();
            memory += entry.memoryBytes();
        }
    }

    private static final Comparator<Entry> WITHIN_TENANT = Comparator.comparingInt(Entry::priority).reversed()
            .thenComparing(Entry::arrival).thenComparing(Entry::job);

    public static Plan plan(List<Entry> running, List<Entry> waiting, Map<String, Share> shares, Limits global) {
        return plan(running, waiting, shares, global, "all tenants together");
    }

    /** As above; {@code globalName} says whose the global limits are in a waiting job's reason. */
    public static Plan plan(List<Entry> running, List<Entry> waiting, Map<String, Share> shares, Limits global,
            String globalName) {
        Map<String, Usage> usage = new HashMap<>();
        Usage all = new Usage();
        for (Entry entry : running) {
            usage.computeIfAbsent(entry.tenant(), t -> new Usage()).add(entry);
            all.add(entry);
        }
        Map<String, Deque<Entry>> queues = new TreeMap<>();
        waiting.stream().sorted(WITHIN_TENANT)
                .forEach(entry -> queues.computeIfAbsent(entry.tenant(), t -> new ArrayDeque<>()).add(entry));

        List<Entry> admit = new ArrayList<>();
        Map<String, String> blocked = new LinkedHashMap<>();
        String globalReason = null;
        while (true) {
            String tenant = fairest(queues, usage, shares, blocked);
            if (tenant == null) {
                break;
            }
            Entry head = queues.get(tenant).peek();
            Usage used = usage.computeIfAbsent(tenant, t -> new Usage());
            String over = over(share(shares, tenant).limits(), used, head);
            if (over != null) {
                blocked.put(tenant, "tenant '" + tenant + "': " + over);
                continue;
            }
            over = over(global, all, head);
            if (over != null) {
                globalReason = globalName + ": " + over;
                break;
            }
            queues.get(tenant).poll();
            admit.add(head);
            used.add(head);
            all.add(head);
        }

        // What still waits, in the order it would be let in if room came for everyone at once.
        List<Waiting> rest = new ArrayList<>();
        Map<String, Usage> virtual = new HashMap<>(usage);
        while (true) {
            String tenant = fairest(queues, virtual, shares, Map.of());
            if (tenant == null) {
                break;
            }
            Entry head = queues.get(tenant).poll();
            Usage next = new Usage();
            Usage before = virtual.get(tenant);
            next.jobs = (before == null ? 0 : before.jobs) + 1;
            virtual.put(tenant, next);
            rest.add(new Waiting(head, rest.size() + 1, blocked.getOrDefault(tenant, globalReason)));
        }
        return new Plan(admit, rest);
    }

    /** The tenant with something waiting that is furthest below its share; ties to the head's priority, arrival, then name. */
    private static String fairest(Map<String, Deque<Entry>> queues, Map<String, Usage> usage, Map<String, Share> shares,
            Map<String, String> blocked) {
        String best = null;
        for (Map.Entry<String, Deque<Entry>> queue : queues.entrySet()) {
            String tenant = queue.getKey();
            if (queue.getValue().isEmpty() || blocked.containsKey(tenant)) {
                continue;
            }
            if (best == null || before(tenant, best, queues, usage, shares)) {
                best = tenant;
            }
        }
        return best;
    }

    private static boolean before(String a, String b, Map<String, Deque<Entry>> queues, Map<String, Usage> usage,
            Map<String, Share> shares) {
        long jobsA = usage.containsKey(a) ? usage.get(a).jobs : 0;
        long jobsB = usage.containsKey(b) ? usage.get(b).jobs : 0;
        // jobsA / weightA < jobsB / weightB, without fractions
        long left = jobsA * share(shares, b).weight();
        long right = jobsB * share(shares, a).weight();
        if (left != right) {
            return left < right;
        }
        int order = WITHIN_TENANT.compare(queues.get(a).peek(), queues.get(b).peek());
        return order != 0 ? order < 0 : a.compareTo(b) < 0;
    }

    private static Share share(Map<String, Share> shares, String tenant) {
        return shares.getOrDefault(tenant, Share.DEFAULT);
    }

    /** Which limit this entry would go over next to what runs; null when it fits. */
    private static String over(Limits limits, Usage used, Entry entry) {
        if (used.jobs + 1 > limits.jobs()) {
            return used.jobs + " of at most " + limits.jobs() + " jobs running";
        }
        if (used.parallelism + entry.parallelism() > limits.parallelism()) {
            return "parallelism " + used.parallelism + " of at most " + limits.parallelism() + " in use";
        }
        if (used.memory + entry.memoryBytes() > limits.memoryBytes()) {
            return used.memory + " of at most " + limits.memoryBytes() + " bytes of memory in use";
        }
        return null;
    }
}
