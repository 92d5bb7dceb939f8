package dev.fling.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fling.testing.Requests;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.CloudEventSerializer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    private static final CloudEvent STARTED = CloudEventBuilder.v1().withId("ns/job-1/started/1")
            .withSource(URI.create("/fling")).withType("dev.fling.job.started").withSubject("job-1")
            .withDataContentType("application/json").withExtension("correlationid", "wf-1")
            .withData(Requests.json(Map.of("job", "job-1", "attempt", 1, "note", "two\nlines"))).build();

    private static ConsumerRecord<byte[], byte[]> written(Encoding encoding) {
        Map<String, Object> config = new HashMap<>();
        config.put(CloudEventSerializer.ENCODING_CONFIG, encoding.name());
        config.put(CloudEventSerializer.EVENT_FORMAT_CONFIG, JsonFormat.CONTENT_TYPE);
        CloudEventSerializer serializer = new CloudEventSerializer();
        serializer.configure(config, false);
        RecordHeaders headers = new RecordHeaders();
        byte[] value = serializer.serialize("fling.events", headers, STARTED);
        return new ConsumerRecord<>("fling.events", 1, 42, 1_700_000_000_000L, TimestampType.CREATE_TIME, -1, -1,
                "job-1".getBytes(StandardCharsets.UTF_8), value, headers, Optional.empty());
    }

    @Test
    void binaryAndStructuredRecordsGiveTheSameStructuredEventOnOneLine() {
        EventCodec codec = new EventCodec();
        StreamEvent structured = codec.decode(written(Encoding.STRUCTURED));
        StreamEvent binary = codec.decode(written(Encoding.BINARY));

        assertThat(new String(binary.json(), StandardCharsets.UTF_8))
                .isEqualTo(new String(structured.json(), StandardCharsets.UTF_8))
                .doesNotContain("\n").contains("\"correlationid\":\"wf-1\"").contains("two\\nlines");
        assertThat(structured.json()).isEqualTo(written(Encoding.STRUCTURED).value());
        assertThat(binary).extracting(StreamEvent::partition, StreamEvent::offset, StreamEvent::job, StreamEvent::id,
                StreamEvent::type, StreamEvent::timestamp).containsExactly(1, 42L, "job-1", "ns/job-1/started/1",
                "dev.fling.job.started", Instant.ofEpochMilli(1_700_000_000_000L));
    }

    @Test
    void aRecordThatIsNotACloudEventIsSkipped() {
        ConsumerRecord<byte[], byte[]> junk = new ConsumerRecord<>("fling.events", 0, 1, null,
                "not an event".getBytes(StandardCharsets.UTF_8));
        assertThat(new EventCodec().decode(junk)).isNull();
    }
}
