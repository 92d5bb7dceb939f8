package dev.fling.egress;

import io.cloudevents.core.message.Encoding;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.CloudEventSerializer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The SDK's serializer, with the JSON event format filled in for structured mode: SmallRye
 * rewrites channel keys containing '_' (the SDK's {@code event_format}), so that key cannot be
 * set from configuration. Structured is the default; BINARY is chosen by configuration.
 */
public class CloudEventKafkaSerializer extends CloudEventSerializer {

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        Map<String, Object> effective = new HashMap<>(configs);
        String encoding = String.valueOf(effective.getOrDefault(ENCODING_CONFIG, Encoding.STRUCTURED.name()))
                .toUpperCase(Locale.ROOT);
        effective.put(ENCODING_CONFIG, encoding);
        if (Encoding.STRUCTURED.name().equals(encoding)) {
            effective.put(EVENT_FORMAT_CONFIG, JsonFormat.CONTENT_TYPE);
        }
        super.configure(effective, isKey);
    }
}
