package dev.fling.runtime.local;

import dev.fling.runtime.rest.FlinkRestModel.TaskManagerSlots;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which TaskManagers a job's cluster can give back after the autoscaler scaled it down: those
 * beyond what its highest vertex parallelism needs, and only those Flink reports with all their
 * slots free (the adaptive scheduler releases a slot it no longer needs after its idle timeout).
 */
final class IdleTaskManagers {

    private IdleTaskManagers() {}

    /** The resource id the {@code number}-th TaskManager a cluster started (from 1) registers with. */
    static String resourceId(int number) {
        return "taskmanager-" + number;
    }

    /** How many TaskManagers the highest vertex parallelism needs (at least one). */
    static int needed(int highestParallelism, int slotsPerTaskManager) {
        return Math.max(1, (highestParallelism + slotsPerTaskManager - 1) / slotsPerTaskManager);
    }

    /**
     * Which to stop, as positions in the cluster's list of TaskManagers, given each one's resource
     * id in the list's order (null where it is not known: such a one is never stopped): idle ones,
     * the last first, until only what the highest parallelism needs is left.
     */
    static List<Integer> toStop(List<String> ids, int slotsPerTaskManager, int highestParallelism,
            List<TaskManagerSlots> registered) {
        int spare = ids.size() - needed(highestParallelism, slotsPerTaskManager);
        Map<String, TaskManagerSlots> byId = registered.stream()
                .collect(Collectors.toMap(TaskManagerSlots::id, Function.identity(), (a, b) -> a));
        List<Integer> stop = new ArrayList<>();
        for (int position = ids.size() - 1; position >= 0 && stop.size() < spare; position--) {
            TaskManagerSlots slots = ids.get(position) == null ? null : byId.get(ids.get(position));
            if (slots != null && slots.freeSlots() == slots.slots()) {
                stop.add(position); // registered, and holding no slot of the job
            }
        }
        return stop;
    }
}
