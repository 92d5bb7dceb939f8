package dev.fling.cli.stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fling.cli.ExitCode;
import java.util.Optional;

/** When waiting on a job's events is over, and with which exit code, decided from each event as it arrives. */
@FunctionalInterface
public interface WaitRule {

    String TYPE_PREFIX = "dev.fling.job.";

    /** The exit code when {@code event} (a structured CloudEvent) ends the wait; empty to go on. */
    Optional<ExitCode> decide(JsonNode event);

    /** For a launch, or following a job: until the job ends; how it ended gives the code. */
    static WaitRule jobEnds() {
        return event -> ExitCode.ofTerminalEvent(event.path("type").asText());
    }

    /**
     * For a command: until its outcome ({@code rescaled}, {@code savepoint.completed}) caused by
     * this request, the one named in the event's {@code flingrequestid}, so that an earlier
     * rescale's event in the job's history does not count. Any {@code cancelled} is a cancel's
     * outcome: the job is cancelled, whoever asked first. A job that ends otherwise ends the wait
     * with {@link ExitCode#ENDED_BEFORE_OUTCOME}.
     */
    static WaitRule outcome(String outcome, String requestId) {
        String outcomeType = TYPE_PREFIX + outcome;
        return event -> {
            String type = event.path("type").asText();
            boolean ours = requestId.equals(event.path("flingrequestid").asText(null));
            if (type.equals(outcomeType) && (ours || outcome.equals("cancelled"))) {
                return Optional.of(ExitCode.OK);
            }
            return ExitCode.ofTerminalEvent(type).map(ended -> ExitCode.ENDED_BEFORE_OUTCOME);
        };
    }
}
