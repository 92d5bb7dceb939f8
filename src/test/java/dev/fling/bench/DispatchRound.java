package dev.fling.bench;

import java.time.Duration;
import java.util.Map;

/**
 * One round of dispatch: launches produced to a topic (Fling's requests topic, or the floor's),
 * the clock running from the send to the API server serving the FlinkDeployment's create.
 */
final class DispatchRound {

    private DispatchRound() {}

    static Round run(LaunchProducer producer, ServedClock clock, String topic, Launches launches, int perSecond) {
        Map<String, Long> sent = producer.send(topic, launches, perSecond);
        clock.awaitCreated(launches.jobs(), Duration.ofSeconds(60 + launches.size() / 20));
        return Round.between(sent, clock::createdAt);
    }
}
