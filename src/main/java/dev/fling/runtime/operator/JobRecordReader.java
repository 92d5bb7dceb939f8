package dev.fling.runtime.operator;

import static dev.fling.runtime.operator.Annotations.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.events.RequestContext;
import dev.fling.runtime.Autoscaling;
import dev.fling.runtime.JobPolicy;
import dev.fling.runtime.JobRecord;
import dev.fling.runtime.JobRef;
import dev.fling.runtime.JobState;
import dev.fling.runtime.QueueTicket;
import dev.fling.runtime.TrackingState;
import dev.fling.runtime.operator.model.FlinkDeployment;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Rebuilds Fling's record of a job from its FlinkDeployment's annotations. */
final class JobRecordReader {

    private static final Logger LOG = Logger.getLogger(JobRecordReader.class);

    private final ObjectMapper mapper;

    JobRecordReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    JobRecord read(FlinkDeployment deployment) {
        Map<String, String> a = Objects.requireNonNullElse(deployment.getMetadata().getAnnotations(), Map.of());
        JobRef ref = new JobRef(deployment.getMetadata().getNamespace(), deployment.getMetadata().getName());
        Instant acceptedAt = Optional.ofNullable(a.get(ACCEPTED_AT)).map(Instant::parse).orElse(Instant.EPOCH);
        RequestContext launch = read(a.get(REQUEST), RequestContext.class);
        if (launch == null) {
            launch = new RequestContext(a.getOrDefault(REQUEST_ID, ref.name()),
                    a.getOrDefault(REQUEST_SOURCE, "unknown"), "dev.fling.job.launch", Map.of());
        }
        JobPolicy policy = new JobPolicy(
                Optional.ofNullable(a.get(DEADLINE)).map(Instant::parse).orElse(null),
                Long.parseLong(a.getOrDefault(DEADLINE_SECONDS, "0")),
                Duration.ofSeconds(Long.parseLong(a.getOrDefault(TTL_SECONDS, "0"))),
                Integer.parseInt(a.getOrDefault(MAX_ATTEMPTS, "1")),
                Duration.ofSeconds(Long.parseLong(a.getOrDefault(RETRY_BACKOFF_SECONDS, "0"))))
                .withAutoscaling(deployment.getSpec() == null || deployment.getSpec().flinkConfiguration == null ? null
                        : Autoscaling.of(deployment.getSpec().flinkConfiguration).orElse(null));
        int parallelism = deployment.getSpec() != null && deployment.getSpec().job != null
                && deployment.getSpec().job.parallelism != null ? deployment.getSpec().job.parallelism : 1;
        TrackingState tracking = Objects.requireNonNullElseGet(read(a.get(TRACKING), TrackingState.class),
                () -> new TrackingState(JobState.ACCEPTED, acceptedAt, 1, parallelism, null, null, List.of()));
        return new JobRecord(ref, launch, labels(deployment), policy, acceptedAt, tracking,
                read(a.get(RESCALE_REQUEST), RequestContext.class),
                read(a.get(CANCEL_REQUEST), RequestContext.class),
                read(a.get(SAVEPOINT_REQUEST), RequestContext.class),
                read(a.get(QUEUE), QueueTicket.class));
    }

    /** The labels the launch asked for, without Fling's own. */
    private static Map<String, String> labels(FlinkDeployment deployment) {
        Map<String, String> labels = new TreeMap<>(Objects.requireNonNullElse(deployment.getMetadata().getLabels(), Map.of()));
        labels.remove(MANAGED_BY_LABEL);
        labels.remove(JOB_LABEL);
        return labels;
    }

    private <T> T read(String json, Class<T> type) {
        if (json == null) {
            return null;
        }
        try {
            return mapper.readValue(json, type);
        } catch (IOException e) {
            LOG.warnf("ignoring an unreadable annotation (%s): %s", type.getSimpleName(), e.getMessage());
            return null;
        }
    }
}
