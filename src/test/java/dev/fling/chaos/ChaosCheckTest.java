package dev.fling.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fling.chaos.ChaosCheck.Sent;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import dev.fling.fuzz.DeadLetterIndex;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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

    // A rejected request must have its dead letter byte for byte, at any of its deliveries: a copy
    // sent again may be the one rejected (chaos2's checker fix), while a dead letter whose bytes
    // differ from what was sent does not count.

    private static final byte[] CANCEL = "{\"id\":\"r3\",\"type\":\"dev.fling.job.cancel\"}".getBytes(StandardCharsets.UTF_8);

    private static ConsumerRecord<byte[], byte[]> deadLetter(String topic, int partition, long offset, byte[] value) {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("chaos.dlq", 0, 0, null, value);
        record.headers().add("fling-dlq-reason", "UNKNOWN_JOB".getBytes(StandardCharsets.UTF_8))
                .add("fling-dlq-original-topic", topic.getBytes(StandardCharsets.UTF_8))
                .add("fling-dlq-original-partition", Integer.toString(partition).getBytes(StandardCharsets.UTF_8))
                .add("fling-dlq-original-offset", Long.toString(offset).getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static ChaosCheck rejected(List<Sent> sent, List<ConsumerRecord<byte[], byte[]>> deadLetters) {
        return new ChaosCheck(sent, List.of(event("ns/job-a/rejected/k", "rejected", "r3")),
                DeadLetterIndex.of(deadLetters), "chaos.requests", Map.of(), Set.of(), Map.of());
    }

    @Test
    void aRejectedDuplicateWhoseDeadLetterIsAtItsSecondDeliveryHolds() {
        Sent first = new Sent("r3", "cancel", false, CANCEL, "job-a", 1, 7, 0);
        Sent again = new Sent("r3", "cancel", false, CANCEL, "job-a", 0, 12, 0);

        ChaosCheck check = rejected(List.of(first, again), List.of(deadLetter("chaos.requests", 0, 12, CANCEL.clone())));

        assertThat(check.violations).isEmpty();
    }

    @Test
    void aDeadLetterThatDiffersByOneByteFromTheRequestDoesNotCount() {
        Sent one = new Sent("r3", "cancel", false, CANCEL, "job-a", 1, 7, 0);
        byte[] altered = CANCEL.clone();
        altered[altered.length - 2] ^= 1;

        ChaosCheck check = rejected(List.of(one), List.of(deadLetter("chaos.requests", 1, 7, altered)));

        assertThat(check.figures).containsEntry("rejected without its dead letter", 1L);
        assertThat(check.held()).isFalse();
    }

    @Test
    void aRejectedRequestWithoutAnyDeadLetterAtItsOwnPlaceIsCounted() {
        Sent one = new Sent("r3", "cancel", false, CANCEL, "job-a", 1, 7, 0);

        ChaosCheck check = rejected(List.of(one), List.of(deadLetter("chaos.requests", 0, 7, CANCEL.clone())));

        assertThat(check.figures).containsEntry("rejected without its dead letter", 1L);
    }

    @Test
    void aRequestRejectedOverHttpIsMatchedByItsBytes() {
        Sent one = new Sent("r3", "cancel", true, CANCEL, "job-a", -1, -1, 400);

        assertThat(rejected(List.of(one), List.of(deadLetter("http", -1, -1, CANCEL.clone()))).violations).isEmpty();
        assertThat(rejected(List.of(one), List.of()).figures).containsEntry("rejected without its dead letter", 1L);
    }

    @Test
    void aJobWhoseJobManagerWasKilledMustEndFailedUnlessItHadEndedBefore() {
        java.time.OffsetDateTime killed = java.time.OffsetDateTime.parse("2026-12-03T13:00:00Z");
        CloudEvent succeededAfter = CloudEventBuilder.v1(event("ns/job-a/succeeded", "succeeded", "r1"))
                .withTime(killed.plusSeconds(2)).build();
        CloudEvent failedAfter = CloudEventBuilder.v1(event("ns/job-a/failed", "failed", "r1"))
                .withTime(killed.plusSeconds(2)).build();
        CloudEvent succeededBefore = CloudEventBuilder.v1(event("ns/job-a/succeeded", "succeeded", "r1"))
                .withTime(killed.minusSeconds(1)).build();
        Map<String, Long> kills = Map.of("job-a", killed.toInstant().toEpochMilli());

        assertThat(killCheck(succeededAfter, kills).figures).containsEntry("killed JobManagers whose job did not end failed", 1L);
        assertThat(killCheck(failedAfter, kills).violations).isEmpty();
        assertThat(killCheck(succeededBefore, kills).violations).isEmpty();
    }

    @Test
    void aJobCancelledBeforeItsJobManagerWasKilledMayEndCancelled() {
        java.time.OffsetDateTime killed = java.time.OffsetDateTime.parse("2026-12-03T13:00:00Z");
        CloudEvent cancelAccepted = CloudEventBuilder.v1(event("ns/job-a/accepted/cancel/k", "accepted", "r9"))
                .withTime(killed.minusNanos(300_000_000)).build();
        CloudEvent cancelled = CloudEventBuilder.v1(event("ns/job-a/cancelled", "cancelled", "r1"))
                .withTime(killed.plusNanos(350_000_000)).build();
        Map<String, Long> kills = Map.of("job-a", killed.toInstant().toEpochMilli());

        ChaosCheck check = new ChaosCheck(List.of(LAUNCH), List.of(event("ns/job-a/accepted", "accepted", "r1"),
                cancelAccepted, cancelled), null, "chaos.requests", Map.of("job-a", Set.of("attempt 1, JobManager 42")),
                Set.of(), Map.of(), kills);

        assertThat(check.violations).isEmpty();
    }

    private static ChaosCheck killCheck(CloudEvent ending, Map<String, Long> kills) {
        return new ChaosCheck(List.of(LAUNCH), List.of(event("ns/job-a/accepted", "accepted", "r1"), ending), null,
                "chaos.requests", Map.of("job-a", Set.of("attempt 1, JobManager 42")), Set.of(), Map.of(), kills);
    }
}
