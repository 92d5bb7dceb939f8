package dev.fling.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.fling.events.payload.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates {@code data} payloads against the files in events-schema/, which the build copies
 * onto the classpath: the published contract is the one enforced.
 */
@ApplicationScoped
public class DataSchemas {

    private static final String ROOT = "events-schema/";

    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_POINTER)
            .locale(Locale.ROOT)
            .build();
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    /** The errors of {@code data} against the named schema file, empty when it conforms. */
    public List<FieldError> validate(String schemaFile, JsonNode data) {
        return schema(schemaFile).validate(data).stream()
                .map(DataSchemas::toFieldError)
                .distinct()
                .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
                .toList();
    }

    private JsonSchema schema(String file) {
        return schemas.computeIfAbsent(file, this::load);
    }

    private JsonSchema load(String file) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(ROOT + file)) {
            if (in == null) {
                throw new IllegalStateException("schema " + ROOT + file + " is not on the classpath");
            }
            return factory.getSchema(in, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FieldError toFieldError(ValidationMessage message) {
        String location = message.getInstanceLocation().toString();
        String property = message.getProperty();
        // "required" and "additionalProperties" point at the parent object; name the field itself.
        String field = property == null || location.endsWith("/" + property) ? location : location + "/" + property;
        return new FieldError(field, message.getError());
    }
}
