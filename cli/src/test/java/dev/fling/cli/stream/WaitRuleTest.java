package dev.fling.cli.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.cli.ExitCode;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WaitRuleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode event(String type, String requestId) {
        var event = JSON.createObjectNode().put("type", "dev.fling.job." + type);
        if (!requestId.isEmpty()) {
            event.put("flingrequestid", requestId);
        }
        return event;
    }

    @ParameterizedTest(name = "launch, {0} -> {1}")
    @CsvSource({"accepted,", "pending,", "started,", "rescaled,", "savepoint.completed,", "succeeded,OK",
        "failed,FAILED", "cancelled,CANCELLED", "timedout,TIMED_OUT"})
    void aLaunchWaitsUntilTheJobEnds(String type, ExitCode expected) {
        assertThat(WaitRule.jobEnds().decide(event(type, "launch-1"))).isEqualTo(Optional.ofNullable(expected));
    }

    @ParameterizedTest(name = "waiting for {0} of {1}: {2} from {3} -> {4}")
    @CsvSource({
        "rescaled,mine,rescaled,mine,OK",
        "rescaled,mine,rescaled,earlier,",
        "rescaled,mine,accepted,mine,",
        "rescaled,mine,succeeded,launch,ENDED_BEFORE_OUTCOME",
        "savepoint.completed,mine,savepoint.completed,mine,OK",
        "savepoint.completed,mine,savepoint.completed,other,",
        "savepoint.completed,mine,failed,launch,ENDED_BEFORE_OUTCOME",
        "cancelled,mine,cancelled,mine,OK",
        "cancelled,mine,cancelled,someone-else,OK",
        "cancelled,mine,cancelled,,OK",
        "cancelled,mine,timedout,launch,ENDED_BEFORE_OUTCOME",
        "cancelled,mine,succeeded,launch,ENDED_BEFORE_OUTCOME"})
    void aCommandWaitsForItsOwnOutcome(String outcome, String requestId, String type, String from, ExitCode expected) {
        assertThat(WaitRule.outcome(outcome, requestId).decide(event(type, from == null ? "" : from)))
                .isEqualTo(Optional.ofNullable(expected));
    }
}
