package dev.fling.bench;

import dev.fling.testing.TestingFlinkOperator;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One round of completion: running jobs turned FINISHED by the testing operator at a fixed rate,
 * the clock running from the API server serving that status write to {@code succeeded} reaching a
 * consumer of the events topic.
 */
final class CompletionRound {

    static final String SUCCEEDED = "dev.fling.job.succeeded";

    private CompletionRound() {}

    static Round run(TestingFlinkOperator operator, ServedClock clock, EventClock events, String namespace,
            List<String> jobs, int perSecond) {
        Pacer pacer = new Pacer(perSecond);
        for (int i = 0; i < jobs.size(); i++) {
            pacer.awaitTurn(i);
            operator.finish(namespace, jobs.get(i)); // returns once the status write was served
        }
        events.awaitAll(SUCCEEDED, jobs, Duration.ofSeconds(60 + jobs.size() / 20));
        Map<String, Long> finished = new HashMap<>();
        jobs.forEach(job -> finished.put(job, clock.statusWrittenAt(job)));
        return Round.between(finished, job -> events.at(SUCCEEDED, job));
    }
}
