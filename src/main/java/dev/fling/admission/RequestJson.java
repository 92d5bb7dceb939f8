package dev.fling.admission;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * The parser of a request's data, stricter than the application's: a duplicated field is an error
 * (a lenient parser keeps the last value, which a checker reading the first would not have seen),
 * and nesting and string length are bounded far below what a request needs, so that no input can
 * make the parser or the schema validator work without bound.
 */
public final class RequestJson {

    /** Deepest nesting of arrays and objects in a request's data (a launch needs 3). */
    public static final int MAX_NESTING_DEPTH = 32;
    /**
     * Longest string in a request's data, in characters: above every limit of the schema (a SQL
     * script's 65,536 the largest), so that those are reported on their field.
     */
    public static final int MAX_STRING_LENGTH = 128 * 1024;

    private static final ObjectMapper STRICT = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxStringLength(MAX_STRING_LENGTH).build())
            .build());

    private RequestJson() {}

    /** The data as a tree; throws when it is not JSON or breaks a limit, the message saying which. */
    public static JsonNode read(byte[] data) throws IOException {
        return STRICT.readTree(data);
    }
}
