package dev.fling.it;

import dev.fling.testing.EventLog;
import dev.fling.testing.FlingTestEnvironment;
import dev.fling.testing.RequestSender;
import io.quarkus.test.common.QuarkusTestResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A user's two clients for the in-JVM Fling: a producer of requests and a reader of the events topic. */
@QuarkusTestResource(FlingTestEnvironment.class)
abstract class WithRequestsAndEvents {

    static RequestSender requests;
    static EventLog events;

    @BeforeAll
    static void connect() {
        requests = new RequestSender(FlingTestEnvironment.kafka().bootstrapServers());
        events = new EventLog(FlingTestEnvironment.kafka().bootstrapServers(), "fling.events");
    }

    @AfterAll
    static void disconnect() throws InterruptedException {
        if (requests != null) {
            requests.close();
            events.close();
        }
    }
}
