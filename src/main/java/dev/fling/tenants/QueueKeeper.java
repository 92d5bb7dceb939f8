package dev.fling.tenants;

import dev.fling.runtime.FlinkRuntime;
import dev.fling.runtime.QueueTicket;
import dev.fling.runtime.RuntimeUnavailableException;
import dev.fling.tenants.FairQueue.Entry;
import dev.fling.tracking.JobLifecycle;
import dev.fling.tracking.JobSnapshot;
import dev.fling.tracking.JobTracker;
import dev.fling.tracking.TrackingConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Keeps the queue moving, on one thread ({@code fling-queue}): reads every job the tracker follows
 * (each job's ticket is stored with the job in the runtime, so a restarted or newly elected Fling
 * reads the same queue), asks {@link FairQueue} what may start, lets those in on their turn, and
 * has the jobs that wait announced as {@code pending}. Only the leader acts, and only once the
 * runtime has shown it every job; every instance keeps the latest view for {@code /tenants}.
 */
@ApplicationScoped
public class QueueKeeper {

    private static final Logger LOG = Logger.getLogger(QueueKeeper.class);

    private final Tenants tenants;
    private final FlinkRuntime runtime;
    private final JobTracker tracker;
    private final Clock clock;
    private final long intervalMillis;
    private final Map<String, FairQueue.Share> shares = new LinkedHashMap<>();
    /** Let in by this instance, while the runtime's record of them still says they wait. */
    private final Set<String> admittedHere = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean nudged = new AtomicBoolean();
    private volatile QueueView view = QueueView.EMPTY;
    private ScheduledExecutorService thread;

    public QueueKeeper(Tenants tenants, FlinkRuntime runtime, JobTracker tracker, TrackingConfig tracking, Clock clock,
            MeterRegistry meters) {
        this.tenants = tenants;
        this.runtime = runtime;
        this.tracker = tracker;
        this.clock = clock;
        this.intervalMillis = tracking.sweepInterval().toMillis();
        for (Tenant tenant : tenants.all()) {
            shares.put(tenant.name(), new FairQueue.Share(tenant.weight(), tenant.limits()));
            Tags tags = Tags.of("tenant", tenant.name());
            meters.gauge("fling.tenant.running.jobs", tags, this, k -> TenantUsage.of(k.view, tenant.name()).runningJobs());
            meters.gauge("fling.tenant.pending.jobs", tags, this,
                    k -> TenantUsage.of(k.view, tenant.name()).waiting().size());
            meters.gauge("fling.tenant.used.parallelism", tags, this,
                    k -> TenantUsage.of(k.view, tenant.name()).parallelism());
        }
    }

    void onStart(@Observes StartupEvent start) {
        if (!tenants.queueing()) {
            return; // no limits: every launch is let in when it is created
        }
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fling-queue");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::pass, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent stop) {
        if (thread != null) {
            thread.shutdownNow();
        }
    }

    /** Looks at the queue soon rather than at the next interval (a launch arrived). */
    public void nudge() {
        if (thread != null && nudged.compareAndSet(false, true)) {
            thread.execute(() -> {
                nudged.set(false);
                pass();
            });
        }
    }

    /** The queue as last seen: what runs and what waits, in order. */
    public QueueView view() {
        return view;
    }

    private void pass() {
        try {
            passOnce();
        } catch (RuntimeException e) {
            LOG.warnf(e, "the queue could not be brought up to date; trying again");
        }
    }

    private void passOnce() {
        List<Entry> running = new ArrayList<>();
        List<Entry> waiting = new ArrayList<>();
        Map<String, JobSnapshot> byName = new LinkedHashMap<>();
        for (JobSnapshot job : tracker.snapshot()) {
            String name = job.record().ref().name();
            if (job.tracking().state().isTerminal()) {
                admittedHere.remove(name);
                continue;
            }
            QueueTicket ticket = job.record().queue();
            if (ticket != null && ticket.standing() == QueueTicket.Standing.WITHDRAWN) {
                continue;
            }
            Entry entry = entry(job, ticket);
            byName.put(name, job);
            if (ticket != null && ticket.waiting() && !admittedHere.contains(name)) {
                waiting.add(entry);
            } else {
                running.add(entry);
                if (ticket == null || !ticket.waiting()) {
                    admittedHere.remove(name); // the runtime's record says so now
                }
            }
        }
        admittedHere.retainAll(byName.keySet());
        FairQueue.Plan plan = FairQueue.plan(running, waiting, shares, tenants.global(), tenants.globalName());
        view = new QueueView(running, plan.waiting(), clock.instant());
        if (!tracker.leading() || !runtime.caughtUp()) {
            return;
        }
        for (Entry admit : plan.admit()) {
            try {
                boolean done = tracker.withKnownJob(admit.job(), job -> {
                    QueueTicket ticket = job.record().queue();
                    if (job.state().isTerminal() || ticket == null || !ticket.waiting()) {
                        return false;
                    }
                    runtime.admit(job.record().ref(), ticket.with(QueueTicket.Standing.ADMITTED));
                    return true;
                }).orElse(false);
                if (done) {
                    admittedHere.add(admit.job());
                    LOG.infof("job %s (tenant %s, priority %d) let in from the queue", admit.job(), admit.tenant(),
                            admit.priority());
                }
            } catch (RuntimeUnavailableException e) {
                LOG.warnf("cannot let job %s in yet (%s); trying again", admit.job(), e.getMessage());
                return;
            } catch (RuntimeException e) {
                LOG.warnf(e, "could not let job %s in; trying again", admit.job());
            }
        }
        for (FairQueue.Waiting wait : plan.waiting()) {
            JobSnapshot job = byName.get(wait.entry().job());
            if (job != null && job.tracking().state() == dev.fling.runtime.JobState.ACCEPTED) {
                tracker.waiting(wait.entry().job(), new JobLifecycle.Wait(wait.entry().tenant(), wait.reason(),
                        wait.position()));
            }
        }
    }

    /** The job as the queue counts it; one launched before there was a queue counts as its source's tenant's. */
    private Entry entry(JobSnapshot job, QueueTicket ticket) {
        String name = job.record().ref().name();
        if (ticket != null) {
            return new Entry(name, ticket.tenant(), ticket.priority(), job.record().acceptedAt(), ticket.parallelism(),
                    ticket.memoryBytes());
        }
        String tenant = tenants.of(job.record().launch().source()).map(Tenant::name).orElse(Tenant.DEFAULT);
        return new Entry(name, tenant, 0, job.record().acceptedAt(), job.tracking().parallelism(), 0);
    }
}
