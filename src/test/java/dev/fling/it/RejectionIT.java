package dev.fling.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fling.runtime.operator.model.FlinkDeployment;
import dev.fling.testing.EventLog;
import dev.fling.testing.FlingTestEnvironment;
import dev.fling.testing.Requests;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * Bad input of every kind: each gets a {@code rejected} event saying why, field by field, and
 * its raw record on the dead-letter topic; the consumer carries on with the next record.
 */
@QuarkusTest
class RejectionIT extends WithRejections {

    @Test
    void bytesThatAreNotACloudEventAreRejectedAndKeptVerbatim() {
        String marker = "not an event " + UUID.randomUUID();
        RecordHeaders headers = new RecordHeaders();
        headers.add("x-origin", "legacy-app".getBytes(StandardCharsets.UTF_8));
        requests.sendRaw("k1".getBytes(StandardCharsets.UTF_8), marker.getBytes(StandardCharsets.UTF_8), headers);

        ConsumerRecord<byte[], byte[]> dead = deadLetter(marker);
        assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("k1");
        assertThat(header(dead, "x-origin")).isEqualTo("legacy-app");
        assertThat(header(dead, "fling-dlq-reason")).isEqualTo("NOT_A_CLOUDEVENT");
        assertThat(header(dead, "fling-dlq-original-topic")).isEqualTo("fling.requests");
        String origin = "fling.requests/" + header(dead, "fling-dlq-original-partition") + "/"
                + header(dead, "fling-dlq-original-offset");

        CloudEvent rejected = events.await("rejection of " + origin, e -> e.getId().equals("rejected/" + origin));
        assertThat(rejected.getType()).isEqualTo("dev.fling.job.rejected");
        assertThat(rejected.getSubject()).isNull();
        assertThat(EventLog.data(rejected).path("reason").asText()).isEqualTo("NOT_A_CLOUDEVENT");
    }

    @Test
    void structuredRecordWithBrokenJsonIsNotACloudEvent() {
        String marker = "{\"specversion\":\"1.0\", broken " + UUID.randomUUID();
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8));
        requests.sendRaw(null, marker.getBytes(StandardCharsets.UTF_8), headers);

        assertThat(header(deadLetter(marker), "fling-dlq-reason")).isEqualTo("NOT_A_CLOUDEVENT");
    }

    @Test
    void binaryRecordWithoutAnIdIsNotACloudEvent() {
        String marker = "{\"jarURI\":\"local:///" + UUID.randomUUID() + ".jar\"}";
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
        headers.add("ce_type", "dev.fling.job.launch".getBytes(StandardCharsets.UTF_8));
        headers.add("ce_source", "/tests".getBytes(StandardCharsets.UTF_8));
        headers.add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
        requests.sendRaw(null, marker.getBytes(StandardCharsets.UTF_8), headers);

        ConsumerRecord<byte[], byte[]> dead = deadLetter(marker);
        assertThat(header(dead, "fling-dlq-reason")).isEqualTo("NOT_A_CLOUDEVENT");
        assertThat(header(dead, "fling-dlq-message")).containsIgnoringCase("id");
    }

    @Test
    void recordsWithAnEmptyRequiredAttributeAreNotCloudEvents() {
        String binaryMarker = "{\"jarURI\":\"local:///" + UUID.randomUUID() + ".jar\"}";
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
        headers.add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        headers.add("ce_type", "dev.fling.job.launch".getBytes(StandardCharsets.UTF_8));
        headers.add("ce_source", new byte[0]);
        headers.add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
        requests.sendRaw(null, binaryMarker.getBytes(StandardCharsets.UTF_8), headers);

        ConsumerRecord<byte[], byte[]> binary = deadLetter(binaryMarker);
        assertThat(header(binary, "fling-dlq-reason")).isEqualTo("NOT_A_CLOUDEVENT");
        assertThat(header(binary, "fling-dlq-message")).contains("the required attribute source is empty");

        CloudEvent launch = Requests.launch(Requests.launchData());
        String structuredMarker = Requests.structured(CloudEventBuilder.v1(launch).withId("").build());
        RecordHeaders structuredHeaders = new RecordHeaders();
        structuredHeaders.add("content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8));
        requests.sendRaw(null, structuredMarker.getBytes(StandardCharsets.UTF_8), structuredHeaders);

        ConsumerRecord<byte[], byte[]> structured = deadLetter(structuredMarker);
        assertThat(header(structured, "fling-dlq-reason")).isEqualTo("NOT_A_CLOUDEVENT");
        assertThat(header(structured, "fling-dlq-message")).contains("the required attribute id is empty");
    }

    @Test
    void unknownTypeIsRejectedWithTheRequestsExtensionsEchoed() {
        CloudEvent request = Requests.request("dev.fling.job.explode", Map.of("job", "x"));
        requests.sendBinary(request);

        CloudEvent rejected = rejectionOf(request);
        assertThat(EventLog.data(rejected).path("reason").asText()).isEqualTo("UNKNOWN_TYPE");
        assertThat(EventLog.data(rejected).path("requestType").asText()).isEqualTo("dev.fling.job.explode");
        assertThat(rejected.getExtension("correlationid")).isEqualTo(request.getExtension("correlationid"));
        assertThat(rejected.getExtension("traceparent")).isEqualTo(Requests.TRACEPARENT);
        assertThat(header(deadLetterOf(request), "fling-dlq-request-type")).isEqualTo("dev.fling.job.explode");
    }

    @Test
    void dataThatFailsItsSchemaIsRejectedFieldByField() {
        CloudEvent request = Requests.launch(Requests.launchData("parallelism", 0, "bogus", true,
                "taskManager", Map.of("memory", "lots")));
        requests.sendStructured(request);

        JsonNode data = EventLog.data(rejectionOf(request));
        assertThat(data.path("reason").asText()).isEqualTo("INVALID_DATA");
        assertThat(fields(data)).contains("/parallelism", "/bogus", "/taskManager/memory");
        assertThat(header(deadLetterOf(request), "fling-dlq-reason")).isEqualTo("INVALID_DATA");
    }

    @Test
    void launchWithoutJarIsRejected() {
        CloudEvent request = Requests.launch(Map.of("name", "nojar"));
        requests.sendBinary(request);

        JsonNode data = EventLog.data(rejectionOf(request));
        assertThat(fields(data)).contains("/jarURI");
    }

    @Test
    void dataThatIsNotJsonIsRejected() {
        CloudEvent request = CloudEventBuilder.v1(Requests.launch(Requests.launchData()))
                .withDataContentType("text/plain")
                .withData("launch please".getBytes(StandardCharsets.UTF_8))
                .build();
        requests.sendBinary(request);

        assertThat(EventLog.data(rejectionOf(request)).path("reason").asText()).isEqualTo("UNSUPPORTED_CONTENT_TYPE");
    }

    @Test
    void launchOutsideItsPolicyIsRejectedNamingEveryViolation() {
        CloudEvent request = Requests.launch(Requests.launchData(
                "namespace", "kube-system",
                "image", "evil.example.com/miner:latest",
                "jarURI", "ftp://example.com/job.jar",
                "parallelism", 500,
                "jobManager", Map.of("cpu", 64, "memory", "1Ti"),
                "flinkConfiguration", Map.of(
                        "kubernetes.pod-template-file.jobmanager", "/etc/passwd",
                        "env.java.opts.all", "-javaagent:/x.jar",
                        "state.checkpoints.dir", "s3://ok/here"),
                "labels", Map.of("app.kubernetes.io/managed-by", "me")));
        requests.sendBinary(request);

        JsonNode data = EventLog.data(rejectionOf(request));
        assertThat(data.path("reason").asText()).isEqualTo("POLICY_VIOLATION");
        assertThat(fields(data)).containsExactlyInAnyOrder("/namespace", "/image", "/jarURI", "/parallelism",
                "/jobManager/cpu", "/jobManager/memory", "/flinkConfiguration/kubernetes.pod-template-file.jobmanager",
                "/flinkConfiguration/env.java.opts.all", "/labels/app.kubernetes.io~1managed-by");
        String job = data.path("job").asText();
        assertThat(FlingTestEnvironment.kubernetes().client().resources(FlinkDeployment.class).inAnyNamespace()
                .withLabel("fling.dev/job", job).list().getItems()).isEmpty();
        assertThat(header(deadLetterOf(request), "fling-dlq-reason")).isEqualTo("POLICY_VIOLATION");
    }

    @Test
    void consumerCarriesOnAfterBadInput() {
        requests.sendRaw(null, "garbage".getBytes(StandardCharsets.UTF_8), new RecordHeaders());
        requests.sendBinary(Requests.request("dev.fling.job.unknown", Map.of()));
        CloudEvent good = Requests.launch(Requests.launchData("name", "afterbad"));
        requests.sendBinary(good);

        events.await(Requests.jobName(good, "afterbad"), "dev.fling.job.accepted");
    }
}
