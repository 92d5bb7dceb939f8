package dev.fling.testing;

import dev.fling.events.RequestContext;
import dev.fling.runtime.FlinkRuntime;
import dev.fling.runtime.JobDefinition;
import dev.fling.runtime.JobListener;
import dev.fling.runtime.JobObservation;
import dev.fling.runtime.JobRecord;
import dev.fling.runtime.JobRef;
import dev.fling.runtime.RuntimeRefusedException;
import dev.fling.runtime.RuntimeUnavailableException;
import dev.fling.runtime.TrackingState;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * A {@link FlinkRuntime} in memory, for tests of whatever drives a runtime: it records every call,
 * knows the jobs it launched by name (with the requests and tracking state a real runtime keeps
 * beside them), tells its listener what the test says the jobs do ({@link #observe}), and, when
 * switched, fails as a real runtime does: {@link #unavailable} (try again later) or
 * {@link #refusing} (never).
 */
public final class TestingRuntime implements FlinkRuntime {

    /** The name it reports in {@code accepted} events. */
    public static final String NAME = "testing";

    /**
     * One call asking the runtime to act on a job: {@code launch}, {@code rescale}, {@code stop},
     * {@code savepoint}, {@code restart} or {@code delete}, with its arguments.
     */
    public record Call(String operation, JobRef job, List<Object> arguments) {

        public static Call of(String operation, JobRef job, Object... arguments) {
            return new Call(operation, job, Collections.unmodifiableList(Arrays.asList(arguments)));
        }
    }

    private final Map<String, JobRecord> jobs = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicLong revisions = new AtomicLong();
    private volatile JobListener listener;
    private volatile Failure unavailable;
    private volatile Failure refusal;

    /** A switched-on failure: its reason, and the operations it applies to (empty: all of them). */
    private record Failure(String reason, Set<String> operations) {
        boolean appliesTo(String operation) {
            return operations.isEmpty() || operations.contains(operation);
        }
    }

    /**
     * From now on the runtime cannot be reached: the named operations (an action's, or {@code find}
     * or {@code record}), or with none named every call, fail with
     * {@link RuntimeUnavailableException}.
     */
    public void unavailable(String reason, String... operations) {
        this.unavailable = new Failure(reason, Set.of(operations));
    }

    /** From now on the named actions, or with none named every action, fail with {@link RuntimeRefusedException}. */
    public void refusing(String reason, String... operations) {
        this.refusal = new Failure(reason, Set.of(operations));
    }

    /** Back to working: no more failures. */
    public void recovered() {
        this.unavailable = null;
        this.refusal = null;
    }

    /** Every action asked of the runtime so far, in order, including those that failed. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The names of the jobs the runtime holds. */
    public Set<String> jobs() {
        return new TreeSet<>(jobs.keySet());
    }

    /** What the tracker last recorded beside the job: what a restarted Fling would find. */
    public TrackingState recorded(String job) {
        return known(job).tracking();
    }

    /** Tells the listener that the job now does this, as a runtime's watch does. */
    public void observe(String job, JobObservation observation) {
        listener.observed(known(job), observation);
    }

    /** The job runs with this parallelism, taking in every change asked of it. */
    public JobObservation running(int parallelism) {
        return observation(JobObservation.Phase.RUNNING, parallelism);
    }

    /** The job finished. */
    public JobObservation finished() {
        return observation(JobObservation.Phase.FINISHED, 0);
    }

    private JobObservation observation(JobObservation.Phase phase, int parallelism) {
        return new JobObservation(phase, "0123456789abcdef0123456789abcdef", parallelism, null, null, null, "in-place",
                revisions.incrementAndGet(), true);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void watch(JobListener listener) {
        this.listener = listener;
    }

    @Override
    public LaunchResult launch(JobDefinition definition) {
        act("launch", definition.ref(), definition);
        return jobs.putIfAbsent(definition.ref().name(), JobRecord.fresh(definition)) == null
                ? LaunchResult.CREATED : LaunchResult.ALREADY_EXISTS;
    }

    @Override
    public Optional<JobRecord> find(String name) {
        failIfUnavailable("find");
        return Optional.ofNullable(jobs.get(name));
    }

    @Override
    public void rescale(JobRef ref, int parallelism, RequestContext request) {
        act("rescale", ref, parallelism);
        keep(ref, record -> new JobRecord(record.ref(), record.launch(), record.labels(), record.policy(),
                record.acceptedAt(), record.tracking(), request, record.cancelRequest(), record.savepointRequest()));
    }

    @Override
    public void stop(JobRef ref, boolean withSavepoint, RequestContext request) {
        act("stop", ref, withSavepoint);
        keep(ref, record -> new JobRecord(record.ref(), record.launch(), record.labels(), record.policy(),
                record.acceptedAt(), record.tracking(), record.rescaleRequest(), request, record.savepointRequest()));
    }

    @Override
    public void triggerSavepoint(JobRef ref, String trigger, String targetDirectory, RequestContext request) {
        act("savepoint", ref, trigger, targetDirectory);
        keep(ref, record -> new JobRecord(record.ref(), record.launch(), record.labels(), record.policy(),
                record.acceptedAt(), record.tracking(), record.rescaleRequest(), record.cancelRequest(), request));
    }

    @Override
    public void restart(JobRef ref, int attempt) {
        act("restart", ref, attempt);
    }

    @Override
    public void delete(JobRef ref) {
        act("delete", ref);
        jobs.remove(ref.name());
    }

    @Override
    public void record(JobRef ref, TrackingState state) {
        failIfUnavailable("record");
        keep(ref, record -> record.withTracking(state));
    }

    @Override
    public Optional<String> unavailableReason() {
        Failure failure = unavailable;
        return failure == null ? Optional.empty() : Optional.of(failure.reason());
    }

    private void act(String operation, JobRef ref, Object... arguments) {
        calls.add(Call.of(operation, ref, arguments));
        failIfUnavailable(operation);
        Failure refused = refusal;
        if (refused != null && refused.appliesTo(operation)) {
            throw new RuntimeRefusedException(refused.reason(), null);
        }
    }

    private void failIfUnavailable(String operation) {
        Failure failure = unavailable;
        if (failure != null && failure.appliesTo(operation)) {
            throw new RuntimeUnavailableException(failure.reason(), null);
        }
    }

    private void keep(JobRef ref, UnaryOperator<JobRecord> change) {
        if (jobs.computeIfPresent(ref.name(), (name, record) -> change.apply(record)) == null) {
            throw new IllegalStateException("the testing runtime holds no job named " + ref.name());
        }
    }

    private JobRecord known(String job) {
        JobRecord record = jobs.get(job);
        if (record == null) {
            throw new IllegalStateException("the testing runtime holds no job named " + job);
        }
        return record;
    }
}
