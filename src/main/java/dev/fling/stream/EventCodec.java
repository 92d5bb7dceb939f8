package dev.fling.stream;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.CloudEventDeserializer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Reads a record of the events topic with the CloudEvents SDK, whatever its mode (binary with
 * {@code ce_} headers, or structured), and writes the event in structured mode: what a consumer of
 * the topic in structured mode gets, with the same id, whichever {@code FLING_EVENTS_ENCODING} is on.
 */
final class EventCodec {

    private static final Logger LOG = Logger.getLogger(EventCodec.class);
    private static final EventFormat JSON = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);

    private final CloudEventDeserializer deserializer = new CloudEventDeserializer();

    EventCodec() {
        deserializer.configure(Map.of(), false);
    }

    /** The record as a stream event, or null for one that is not a CloudEvent (logged; another producer's). */
    StreamEvent decode(ConsumerRecord<byte[], byte[]> record) {
        CloudEvent event;
        try {
            event = deserializer.deserialize(record.topic(), record.headers(), record.value());
        } catch (RuntimeException e) {
            LOG.debugf("record %d@%d of %s is not a CloudEvent (%s); the streams skip it", record.offset(),
                    record.partition(), record.topic(), e.getMessage());
            return null;
        }
        byte[] json = JSON.serialize(event);
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        return new StreamEvent(record.partition(), record.offset(), key, event.getId(), event.getType(),
                Instant.ofEpochMilli(record.timestamp()), json);
    }
}
