package dev.fling.stream;

import dev.fling.events.EventType;
import dev.fling.query.LabelSelector;
import dev.fling.runtime.JobRecord;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which events a {@code GET /events} asks for: any of the jobs, any of the types, and, about the
 * job the event is about, all of the labels and the launch's source (as {@code GET /jobs} means them).
 */
record EventFilter(Set<String> jobs, Set<String> types, Map<String, String> labels, String source) {

    static final EventFilter ALL = new EventFilter(Set.of(), Set.of(), Map.of(), null);

    /** Reads the query parameters; a type or label that cannot be read is the caller's mistake. */
    static EventFilter parse(List<String> jobs, List<String> types, List<String> labels, String source) {
        Set<String> wantedTypes = new LinkedHashSet<>();
        for (String type : split(types)) {
            wantedTypes.add(type(type.trim()));
        }
        return new EventFilter(new LinkedHashSet<>(split(jobs)), wantedTypes, LabelSelector.parse(labels),
                source == null || source.isBlank() ? null : source);
    }

    /**
     * Whether the event is wanted; {@code jobOf} finds what is known of the job it is about, asked
     * only when a label or source filter needs it. An event about no known job matches no such filter.
     */
    boolean matches(StreamEvent event, Function<String, Optional<JobRecord>> jobOf) {
        if (!jobs.isEmpty() && (event.job() == null || !jobs.contains(event.job()))) {
            return false;
        }
        if (!types.isEmpty() && !types.contains(event.type())) {
            return false;
        }
        if (labels.isEmpty() && source == null) {
            return true;
        }
        Optional<JobRecord> job = event.job() == null ? Optional.empty() : jobOf.apply(event.job());
        return job.isPresent() && job.get().labels().entrySet().containsAll(labels.entrySet())
                && (source == null || source.equals(job.get().launch().source()));
    }

    /** {@code succeeded}, {@code savepoint.completed}, {@code timed_out} or the full type. */
    private static String type(String value) {
        String wanted = value.toLowerCase(Locale.ROOT).replace("timed_out", "timedout");
        for (EventType type : EventType.values()) {
            if (type.type().equals(wanted) || type.transition().equals(wanted)) {
                return type.type();
            }
        }
        throw new IllegalArgumentException("unknown event type '" + value + "'; types are "
                + Arrays.stream(EventType.values()).map(EventType::transition).collect(Collectors.joining(", "))
                + " (or the full type, dev.fling.job.<type>)");
    }

    /** {@code ?type=a,b} and {@code ?type=a&type=b} mean the same. */
    private static List<String> split(List<String> values) {
        return values.stream().flatMap(v -> Arrays.stream(v.split(","))).map(String::trim)
                .filter(v -> !v.isBlank()).toList();
    }
}
