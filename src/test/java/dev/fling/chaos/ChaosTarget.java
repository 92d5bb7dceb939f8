package dev.fling.chaos;

import dev.fling.testing.FlingProcess;
import io.cloudevents.CloudEvent;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a chaos run is pointed at: one runtime with its Fling instances, the faults it can take, and
 * what the checker reads of its clusters from outside (the API server, or the local registry and
 * the processes).
 */
interface ChaosTarget extends AutoCloseable {

    /** Starts Fling (every instance) and waits until it is ready. */
    void start() throws Exception;

    /** An instance to POST to for the request of this index (several instances take turns), or null while none runs. */
    FlingProcess entry(int index);

    /** Carries out a fault of the plan; a kind this target does not know is an error of the plan. */
    void inject(ChaosPlan.Fault fault) throws Exception;

    /** The runtime fails the job's cluster, as a crashing job would (the operator runtime's testing operator). */
    void failJob(String job);

    /** Every cluster made for each job (a launch must make one), as seen from outside. */
    Map<String, Set<String>> clusters();

    /** Whether nothing is left of any job: every cluster and process gone. */
    boolean empty();

    /** The jobs that ended but whose cluster or processes are still there. */
    Set<String> leftBehind(List<CloudEvent> events);

    /** When each instance started (ms since the epoch), the first ones included. */
    List<Long> starts();

    /** Figures of this target's own faults (take-over times), name to value. */
    Map<String, String> figures(List<CloudEvent> events, List<Long> eventTimes);

    /** Milliseconds from {@code after} to the first event that matches, written at or after it; -1 if none. */
    static long firstAfter(List<CloudEvent> events, List<Long> eventTimes, long after, Predicate<CloudEvent> which) {
        long first = -1;
        for (int i = 0; i < events.size(); i++) {
            long time = eventTimes.get(i);
            if (time >= after && which.test(events.get(i)) && (first < 0 || time < first)) {
                first = time;
            }
        }
        return first < 0 ? -1 : first - after;
    }

    /** Kills whatever of Fling still runs. */
    @Override
    void close() throws Exception;
}
