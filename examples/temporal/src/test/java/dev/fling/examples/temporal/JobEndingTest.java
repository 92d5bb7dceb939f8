package dev.fling.examples.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobEndingTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void succeededEventGivesTheResult() {
        JobEnding ending = fromEvent("dev.fling.job.succeeded", "{\"job\":\"wc-1\",\"flinkJobId\":\"abc\"}").orElseThrow();
        assertTrue(ending.succeeded());
        assertEquals("abc", ending.flinkJobId());
    }

    @Test
    void failedEventCarriesFlinksRootCause() {
        JobEnding ending = fromEvent("dev.fling.job.failed",
                "{\"job\":\"wc-1\",\"error\":\"IllegalStateException: boom\",\"attempts\":1}").orElseThrow();
        assertEquals(JobEnding.FAILED, ending.failureType());
        assertEquals("IllegalStateException: boom", ending.message());
    }

    @Test
    void cancelledAndTimedOutEventsAreFailuresOfTheirOwnType() {
        assertEquals(JobEnding.CANCELLED,
                fromEvent("dev.fling.job.cancelled", "{\"reason\":\"requested\"}").orElseThrow().failureType());
        assertEquals(JobEnding.TIMED_OUT,
                fromEvent("dev.fling.job.timedout", "{\"deadlineSeconds\":60}").orElseThrow().failureType());
    }

    @Test
    void eventsBeforeTheEndAreNotAnEnding() {
        for (String type : new String[] {"dev.fling.job.accepted", "dev.fling.job.pending", "dev.fling.job.started",
                "dev.fling.job.rescaled", "dev.fling.job.savepoint.completed"}) {
            assertEquals(Optional.empty(), fromEvent(type, "{}"), type);
        }
    }

    @Test
    void endedJobViewIsAnEndingAndARunningOneIsNot() {
        JobEnding failed = JobEnding.fromJob(json("{\"name\":\"wc-1\",\"state\":\"failed\",\"lastError\":\"boom\"}"))
                .orElseThrow();
        assertEquals("wc-1", failed.job());
        assertEquals("boom", failed.message());
        assertEquals(JobEnding.TIMED_OUT,
                JobEnding.fromJob(json("{\"name\":\"wc-1\",\"state\":\"timed_out\"}")).orElseThrow().failureType());
        assertEquals(Optional.empty(), JobEnding.fromJob(json("{\"name\":\"wc-1\",\"state\":\"running\"}")));
        assertEquals(Optional.empty(), JobEnding.fromJob(json("{\"name\":\"wc-1\",\"state\":\"retrying\"}")));
    }

    @Test
    void requestIdIsFixedByWorkflowAndActivity() {
        assertEquals(RequestIds.of("order-42", "7"), RequestIds.of("order-42", "7"));
        assertTrue(!RequestIds.of("order-42", "7").equals(RequestIds.of("order-42", "8")));
    }

    private Optional<JobEnding> fromEvent(String type, String data) {
        return JobEnding.fromEvent(type, "wc-1", json(data));
    }

    private JsonNode json(String text) {
        try {
            return mapper.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
