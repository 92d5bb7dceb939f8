package dev.fling.query;

import dev.fling.runtime.JobState;
import dev.fling.tracking.JobSnapshot;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Which jobs a {@code GET /jobs} asks for: any of the states, all of the labels, the source. */
record JobFilter(Set<JobState> states, Map<String, String> labels, String source) {

    /** Reads the query parameters; a state or label that cannot be read is the caller's mistake. */
    static JobFilter parse(List<String> states, List<String> labels, String source) {
        Set<JobState> wanted = EnumSet.noneOf(JobState.class);
        for (String value : split(states)) {
            try {
                wanted.add(JobState.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown state '" + value + "'; states are "
                        + Arrays.stream(JobState.values()).map(s -> s.name().toLowerCase(Locale.ROOT))
                                .collect(Collectors.joining(", ")));
            }
        }
        return new JobFilter(wanted, LabelSelector.parse(labels), source == null || source.isBlank() ? null : source);
    }

    boolean matches(JobSnapshot job) {
        return (states.isEmpty() || states.contains(job.tracking().state()))
                && job.record().labels().entrySet().containsAll(labels.entrySet())
                && (source == null || source.equals(job.record().launch().source()));
    }

    /** {@code ?state=running,pending} and {@code ?state=running&state=pending} mean the same. */
    private static List<String> split(List<String> values) {
        return values.stream().flatMap(v -> Arrays.stream(v.split(","))).filter(v -> !v.isBlank()).toList();
    }
}
