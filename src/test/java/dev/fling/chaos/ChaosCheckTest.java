package dev.fling.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fling.chaos.ChaosCheck.Sent;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The chaos checker's invariants on hand-made histories: each breaks when it should, and only then. */
class ChaosCheckTest {

    private static final Sent LAUNCH = new Sent("r1", "launch", false, new byte[0], "job-a", 0, 0, 0);
    private static final Sent RESCALE = new Sent("r2", "rescale", false, new byte[0], "job-a", 0, 1, 0);

    private static CloudEvent event(String id, String type, String request) {
        return CloudEventBuilder.v1().withId(id).withSource(URI.create("/fling")).withType("dev.fling.job." + type)
                .withSubject("job-a").withExtension("flingrequestid", request).build();
    }

    private static ChaosCheck check(List<Sent> sent, List<CloudEvent> events, Map<String, Set<String>> clusters) {
        return new ChaosCheck(sent, events, null, "chaos.requests", clusters, Set.of(), Map.of());
    }

    @Test
    void aLaunchAcceptedRescaledAndEndedOnceHoldsEveryInvariant() {
        ChaosCheck check = check(List.of(LAUNCH, RESCALE), List.of(event("ns/job-a/accepted", "accepted", "r1"),
                event("ns/job-a/accepted/rescale/k", "accepted", "r2"), event("ns/job-a/succeeded", "succeeded", "r1"),
                event("ns/job-a/succeeded", "succeeded", "r1")), Map.of("job-a", Set.of("uid-1")));

        assertThat(check.violations).isEmpty();
        assertThat(check.figures).containsEntry("duplicates by id (same event delivered again)", 1L);
    }

    @Test
    void aRequestWithoutAnyEventIsLost() {
        ChaosCheck check = check(List.of(LAUNCH, RESCALE), List.of(event("ns/job-a/accepted", "accepted", "r1"),
                event("ns/job-a/succeeded", "succeeded", "r1")), Map.of("job-a", Set.of("uid-1")));

        assertThat(check.figures).containsEntry("lost", 1L);
    }

    @Test
    void anEndingReportedUnderTwoIdsAndAClusterCreatedTwiceAreCounted() {
        ChaosCheck check = check(List.of(LAUNCH), List.of(event("ns/job-a/accepted", "accepted", "r1"),
                event("ns/job-a/succeeded", "succeeded", "r1"), event("ns/job-a/succeeded/2", "succeeded", "r1")),
                Map.of("job-a", Set.of("uid-1", "uid-2")));

        assertThat(check.figures).containsEntry("transitions under two ids", 1L).containsEntry("duplicate clusters", 1L);
    }

    @Test
    void anAcceptedLaunchThatNeverEndsIsCounted() {
        ChaosCheck check = check(List.of(LAUNCH), List.of(event("ns/job-a/accepted", "accepted", "r1")),
                Map.of("job-a", Set.of("uid-1")));

        assertThat(check.figures).containsEntry("jobs without their terminal event", 1L);
        assertThat(check.held()).isFalse();
    }
}
