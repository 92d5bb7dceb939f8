package dev.fling.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fling.runtime.operator.model.FlinkDeployment;
import dev.fling.testing.EventLog;
import dev.fling.testing.FlingTestEnvironment;
import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** What a user sees of a refused request: its {@code rejected} event, its dead letter, and nothing created. */
abstract class WithRejections extends WithRequestsAndEvents {

    static EventLog.Raw deadLetters;

    @BeforeAll
    static void readDeadLetters() {
        deadLetters = new EventLog.Raw(FlingTestEnvironment.kafka().bootstrapServers(), "fling.requests.dlq");
    }

    @AfterAll
    static void closeDeadLetters() throws InterruptedException {
        if (deadLetters != null) {
            deadLetters.close();
        }
    }

    /** The {@code rejected} event answering the request (by its id), which must be one. */
    static CloudEvent rejectionOf(CloudEvent request) {
        CloudEvent rejected = events.await("rejection of " + request.getId(),
                e -> request.getId().equals(e.getExtension("flingrequestid")));
        assertThat(rejected.getType()).isEqualTo("dev.fling.job.rejected");
        return rejected;
    }

    /** The request's dead letter: found by its id header, or by the id in its bytes when it was not a CloudEvent. */
    static ConsumerRecord<byte[], byte[]> deadLetterOf(CloudEvent request) {
        return deadLetters.await("dead letter of " + request.getId(), r -> {
            Header id = r.headers().lastHeader("ce_id");
            return id != null && request.getId().equals(new String(id.value(), StandardCharsets.UTF_8))
                    || r.value() != null && new String(r.value(), StandardCharsets.UTF_8).contains(request.getId());
        });
    }

    /** The dead letter whose bytes are exactly {@code marker}. */
    static ConsumerRecord<byte[], byte[]> deadLetter(String marker) {
        return deadLetters.await("dead letter containing " + marker,
                r -> r.value() != null && new String(r.value(), StandardCharsets.UTF_8).equals(marker));
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static List<String> fields(JsonNode rejectedData) {
        List<String> fields = new ArrayList<>();
        rejectedData.path("errors").forEach(error -> fields.add(error.path("field").asText()));
        return fields;
    }

    /** The names of every FlinkDeployment on the API server: a refused launch adds none. */
    static List<String> deployments() {
        return FlingTestEnvironment.kubernetes().client().resources(FlinkDeployment.class).inAnyNamespace()
                .list().getItems().stream().map(d -> d.getMetadata().getName()).toList();
    }
}
