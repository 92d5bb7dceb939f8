package dev.fling.runtime.operator;

import static dev.fling.runtime.operator.Annotations.JOB_LABEL;
import static dev.fling.runtime.operator.SessionResources.IDLE;
import static dev.fling.runtime.operator.SessionResources.POOL_LABEL;
import static dev.fling.runtime.operator.SessionResources.TAKEN;
import static dev.fling.runtime.operator.SessionResources.TAKEN_AT;

import dev.fling.runtime.JobRef;
import dev.fling.runtime.operator.model.FlinkDeployment;
import dev.fling.runtime.operator.model.FlinkDeploymentStatus;
import dev.fling.runtime.operator.model.LifecycleState;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One round of the warm pool's upkeep, decided from what the informers hold: which pooled
 * deployments cannot serve and why (failed, not ready in time, of an unwanted shape, taken without
 * a session job), and how many to create per shape to reach the size. Pure: the pool acts on it.
 */
final class PoolUpkeep {

    /** A taken deployment whose session job does not exist after this long was left by a crash between the two writes. */
    static final Duration ORPHAN_GRACE = Duration.ofSeconds(60);

    record Deletion(FlinkDeployment deployment, String reason) {}

    /** What to do: the deletions, the deployments to create per shape, and a problem to report (or null). */
    record Plan(List<Deletion> deletions, Map<PoolShape, Integer> creations, String problem) {}

    /** The pool's settings. */
    record Settings(List<PoolShape> shapes, int size, Duration startTimeout) {}

    private PoolUpkeep() {}

    /**
     * @param pooled every deployment labelled as the pool's, idle or taken, in every namespace
     * @param justTaken deployments this Fling took that the informer does not show taken yet
     * @param justCreated shapes of the deployments this Fling created that the informer does not show yet
     */
    static Plan plan(List<FlinkDeployment> pooled, Settings settings, Set<String> justTaken,
            Collection<PoolShape> justCreated, Predicate<JobRef> sessionJobExists, Instant now) {
        List<Deletion> deletions = new ArrayList<>();
        String problem = null;
        for (FlinkDeployment taken : withPoolLabel(pooled, TAKEN)) {
            String job = taken.getMetadata().getLabels().get(JOB_LABEL);
            Map<String, String> annotations = taken.getMetadata().getAnnotations();
            Instant at = annotations == null ? null : instant(annotations.get(TAKEN_AT));
            if ((job == null || !sessionJobExists.test(new JobRef(taken.getMetadata().getNamespace(), job)))
                    && (at == null || at.plus(ORPHAN_GRACE).isBefore(now))) {
                deletions.add(new Deletion(taken, "it was taken by job " + job + ", whose FlinkSessionJob does not exist"));
            }
        }
        Map<PoolShape, Integer> creations = new LinkedHashMap<>();
        Duration timeout = settings.startTimeout();
        for (PoolShape shape : settings.shapes()) {
            int kept = (int) justCreated.stream().filter(shape::equals).count();
            for (FlinkDeployment deployment : withPoolLabel(pooled, IDLE)) {
                if (!deployment.getMetadata().getNamespace().equals(shape.namespace())
                        || justTaken.contains(key(deployment))) {
                    continue;
                }
                PoolShape its = PoolShape.of(deployment);
                if (!shape.equals(its)) {
                    if (settings.shapes().stream().noneMatch(s -> s.equals(its))) {
                        deletions.add(new Deletion(deployment, "its image, Flink version or resources are no longer the pool's"));
                    }
                } else if (failed(deployment)) {
                    deletions.add(new Deletion(deployment, "the operator reports it failed"));
                } else if (!ready(deployment) && created(deployment, now).plus(timeout).isBefore(now)) {
                    problem = "a pooled session deployment was not ready after " + timeout.toSeconds()
                            + " s; launches start cold meanwhile";
                    deletions.add(new Deletion(deployment, "it was not ready after " + timeout.toSeconds() + " s"));
                } else {
                    kept++;
                }
            }
            creations.put(shape, Math.max(0, settings.size() - kept));
        }
        return new Plan(deletions, creations, problem);
    }

    /** The operator reports the session cluster's JobManager ready: a session job submitted now is taken at once. */
    static boolean ready(FlinkDeployment deployment) {
        FlinkDeploymentStatus status = deployment.getStatus();
        return status != null && "READY".equals(status.jobManagerDeploymentStatus)
                && (status.lifecycle() == LifecycleState.STABLE || status.lifecycle() == LifecycleState.DEPLOYED);
    }

    static boolean failed(FlinkDeployment deployment) {
        FlinkDeploymentStatus status = deployment.getStatus();
        return status != null && (status.lifecycle() == LifecycleState.FAILED
                || "ERROR".equals(status.jobManagerDeploymentStatus));
    }

    static String key(FlinkDeployment deployment) {
        return deployment.getMetadata().getNamespace() + "/" + deployment.getMetadata().getName();
    }

    private static List<FlinkDeployment> withPoolLabel(List<FlinkDeployment> pooled, String value) {
        return pooled.stream().filter(d -> d.getMetadata().getLabels() != null
                && value.equals(d.getMetadata().getLabels().get(POOL_LABEL))).toList();
    }

    private static Instant created(FlinkDeployment deployment, Instant now) {
        return Objects.requireNonNullElse(instant(deployment.getMetadata().getCreationTimestamp()), now);
    }

    private static Instant instant(String text) {
        try {
            return text == null || text.isEmpty() ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
