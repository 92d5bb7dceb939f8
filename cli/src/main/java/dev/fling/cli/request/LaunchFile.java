package dev.fling.cli.request;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A launch's data from a file ({@code --data file.json}), checked before anything is sent against
 * the same schema Fling enforces ({@code events-schema/dev.fling.job.launch.json}, packed into the
 * jar by the build): a malformed file is the caller's mistake, found at once.
 */
public final class LaunchFile {

    private static final String SCHEMA = "events-schema/dev.fling.job.launch.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private LaunchFile() {}

    /** The file's data; throws {@link InvalidLaunchFile} saying what is wrong, field by field. */
    public static ObjectNode read(Path file) {
        JsonNode data;
        try {
            data = JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new InvalidLaunchFile(file + ": no such file", List.of());
        } catch (JsonProcessingException e) {
            throw new InvalidLaunchFile(file + " is not JSON: " + e.getOriginalMessage() + " (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")", List.of());
        } catch (IOException e) {
            throw new InvalidLaunchFile(file + " cannot be read: " + e.getMessage(), List.of());
        }
        if (data == null || !data.isObject()) {
            throw new InvalidLaunchFile(file + " must hold a JSON object (a launch's data)", List.of());
        }
        List<String> errors = problems(data);
        if (!errors.isEmpty()) {
            throw new InvalidLaunchFile(file + " does not match dev.fling.job.launch", errors);
        }
        return (ObjectNode) data;
    }

    /** Each way {@code data} differs from the launch schema, as "/field: message". */
    static List<String> problems(JsonNode data) {
        return schema().validate(data).stream().map(LaunchFile::describe).distinct().sorted().toList();
    }

    private static String describe(ValidationMessage message) {
        String location = message.getInstanceLocation().toString();
        String property = message.getProperty();
        String field = property == null || location.endsWith("/" + property) ? location : location + "/" + property;
        return (field.isEmpty() ? "(data)" : field) + ": " + message.getError();
    }

    private static JsonSchema schema() {
        try (InputStream in = LaunchFile.class.getClassLoader().getResourceAsStream(SCHEMA)) {
            if (in == null) {
                throw new IllegalStateException(SCHEMA + " is not in the jar");
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in,
                    SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).locale(Locale.ROOT).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file cannot be sent as it is. */
    public static final class InvalidLaunchFile extends RuntimeException {
        private final List<String> errors;

        InvalidLaunchFile(String message, List<String> errors) {
            super(message);
            this.errors = List.copyOf(errors);
        }

        public List<String> errors() {
            return errors;
        }
    }
}
