package dev.fling.runtime;

import dev.fling.events.RequestContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs application clusters. One implementation per way of running Flink (operator, local, ...),
 * chosen in exactly one place ({@link RuntimeFactory}); nothing outside runtime/ knows
 * which one runs. Every method either has made its effect durable when it returns or throws
 * {@link RuntimeUnavailableException} (try again later) or {@link RuntimeRefusedException} (never
 * will work).
 */
public interface FlinkRuntime {

    /** The runtime's name as reported in {@code accepted} events. */
    String name();

    /**
     * Whether requests about different jobs may reach this runtime side by side (Kafka requests
     * are then dispatched in several lanes); when not, they come one at a time, in arrival order.
     */
    default boolean concurrentDispatch() {
        return false;
    }

    /**
     * Whether the jobs live where another Fling instance can follow them as well, so that several
     * instances may run side by side with a leader ({@code fling.ha.enabled}).
     */
    default boolean sharedBetweenInstances() {
        return false;
    }

    /** The most jobs this runtime can run at once, if it has a limit of its own (the local machine has). */
    default java.util.OptionalInt maxRunningJobs() {
        return java.util.OptionalInt.empty();
    }

    /**
     * Whether every job the runtime held when it started following has been handed to the listener,
     * so that the queue sees everything that runs before it lets more in.
     */
    default boolean caughtUp() {
        return true;
    }

    /**
     * Lets a job that waits in the queue start ({@link QueueTicket.Standing#ADMITTED}); nothing when
     * it was let in already. Durable when it returns, like every method here.
     */
    default void admit(JobRef ref, QueueTicket admitted) {
        throw new RuntimeRefusedException(name() + " runtime keeps no queue", null);
    }

    /** Starts following every job this runtime holds, including those launched before a restart. */
    void watch(JobListener listener);

    /** Creates the job's cluster, or finds the one an earlier delivery of the same request created. */
    LaunchResult launch(JobDefinition definition);

    /** The job of that name, in whichever allowed namespace holds it. */
    Optional<JobRecord> find(String name);

    /** Asks for a new parallelism. */
    void rescale(JobRef ref, int parallelism, RequestContext request);

    /**
     * Stops the job, with a final savepoint when asked; {@code request} is null when Fling decides.
     * A job still waiting in the queue is withdrawn ({@link QueueTicket.Standing#WITHDRAWN}) and
     * observed CANCELLED.
     */
    void stop(JobRef ref, boolean withSavepoint, RequestContext request);

    /** Takes a savepoint of the running job; the observation reports it under {@code trigger}. */
    void triggerSavepoint(JobRef ref, String trigger, String targetDirectory, RequestContext request);

    /** Runs the job again after a failed attempt. */
    void restart(JobRef ref, int attempt);

    /** Removes the job's cluster and everything the runtime kept for it. */
    void delete(JobRef ref);

    /** Stores what the tracker has reported, beside the job. */
    void record(JobRef ref, TrackingState state);

    /**
     * Asks for a new parallelism and stores {@code state} with it, in one write where the runtime
     * can: one write per transition, and never the one without the other.
     */
    default void rescale(JobRef ref, int parallelism, RequestContext request, TrackingState state) {
        rescale(ref, parallelism, request);
        record(ref, state);
    }

    /** Runs the job again after a failed attempt and stores {@code state} with it, in one write where it can. */
    default void restart(JobRef ref, int attempt, TrackingState state) {
        restart(ref, attempt);
        record(ref, state);
    }

    /**
     * The savepoints this runtime keeps for the job, oldest first, also after the job was removed;
     * empty where savepoints live in the user's own storage (the runtime does not manage them).
     */
    default List<KeptSavepoint> keptSavepoints(String name) {
        return List.of();
    }

    /** A job removed after its time-to-live whose savepoints are still kept. */
    default Optional<RemovedJob> removed(String name) {
        return Optional.empty();
    }

    /**
     * The launch, the job's Flink web UI and the last {@code logLines} lines of its JobManager's log,
     * as far as this runtime can tell; empty for a job it does not hold.
     */
    default Optional<JobInsight> insight(String name, int logLines) {
        return Optional.empty();
    }

    /** Whether the runtime's backing service answers; the reason when not. */
    Optional<String> unavailableReason();

    /**
     * What works less well than it should without making the runtime unavailable (a warm pool that
     * cannot start clusters, so launches start cold), for the readiness check to tell.
     */
    default Map<String, String> degraded() {
        return Map.of();
    }

    /** What {@link #launch} did. */
    enum LaunchResult {
        CREATED,
        ALREADY_EXISTS
    }
}
