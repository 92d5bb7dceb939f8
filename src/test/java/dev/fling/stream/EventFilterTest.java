package dev.fling.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fling.events.RequestContext;
import dev.fling.runtime.JobRecord;
import dev.fling.runtime.JobRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class EventFilterTest {

    private static final JobRecord NIGHTLY = new JobRecord(new JobRef("ns", "nightly-1"),
            new RequestContext("r1", "/flows", "dev.fling.job.launch", Map.of()), Map.of("flow", "nightly", "team", "data"),
            null, Instant.EPOCH, null, null, null, null);
    private static final Function<String, Optional<JobRecord>> JOBS =
            name -> name.equals("nightly-1") ? Optional.of(NIGHTLY) : Optional.empty();

    private static StreamEvent event(String job, String type) {
        return new StreamEvent(0, 0, job, "id", type, Instant.EPOCH, new byte[0]);
    }

    @Test
    void typesAreShortOrFullAndRepeatOrCommaSeparated() {
        EventFilter filter = EventFilter.parse(List.of(), List.of("succeeded,dev.fling.job.failed", "timed_out",
                "savepoint.completed"), List.of(), null);
        assertThat(filter.types()).containsExactly("dev.fling.job.succeeded", "dev.fling.job.failed",
                "dev.fling.job.timedout", "dev.fling.job.savepoint.completed");
        assertThat(filter.matches(event("x", "dev.fling.job.failed"), JOBS)).isTrue();
        assertThat(filter.matches(event("x", "dev.fling.job.started"), JOBS)).isFalse();
    }

    @Test
    void anUnknownTypeOrAMalformedLabelSaysWhatIsExpected() {
        assertThatThrownBy(() -> EventFilter.parse(List.of(), List.of("exploded"), List.of(), null))
                .hasMessageContaining("unknown event type 'exploded'").hasMessageContaining("succeeded, failed");
        assertThatThrownBy(() -> EventFilter.parse(List.of(), List.of(), List.of("nokey"), null))
                .hasMessageContaining("key=value");
    }

    @Test
    void jobsLabelsAndSourceAreAboutTheJobTheEventIsAbout() {
        assertThat(EventFilter.parse(List.of("nightly-1", "other"), List.of(), List.of(), null)
                .matches(event("nightly-1", "dev.fling.job.started"), JOBS)).isTrue();
        assertThat(EventFilter.parse(List.of("other"), List.of(), List.of(), null)
                .matches(event("nightly-1", "dev.fling.job.started"), JOBS)).isFalse();

        EventFilter labelled = EventFilter.parse(List.of(), List.of(), List.of("flow=nightly", "team=data"), "/flows");
        assertThat(labelled.matches(event("nightly-1", "dev.fling.job.started"), JOBS)).isTrue();
        assertThat(labelled.matches(event("unknown-1", "dev.fling.job.started"), JOBS)).as("a job nobody knows").isFalse();
        assertThat(labelled.matches(event(null, "dev.fling.job.rejected"), JOBS)).as("a rejection of no job").isFalse();
        assertThat(EventFilter.parse(List.of(), List.of(), List.of("flow=hourly"), null)
                .matches(event("nightly-1", "dev.fling.job.started"), JOBS)).isFalse();
        assertThat(EventFilter.parse(List.of(), List.of(), List.of(), "/elsewhere")
                .matches(event("nightly-1", "dev.fling.job.started"), JOBS)).isFalse();
    }

    @Test
    void noFilterTakesEverythingWithoutLookingUpJobs() {
        assertThat(EventFilter.parse(List.of(), List.of(), List.of(), " ")).isEqualTo(EventFilter.ALL);
        assertThat(EventFilter.ALL.matches(event(null, "dev.fling.job.rejected"), name -> {
            throw new AssertionError("looked up " + name);
        })).isTrue();
    }
}
