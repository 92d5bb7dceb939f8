package dev.fling.runtime.operator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.fling.runtime.JobRef;
import dev.fling.runtime.operator.model.FlinkDeployment;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The resource versions of Fling's own tracking patches, so that the informer drops their echo:
 * a patch of the tracking annotation alone changes nothing the operator reports (status changes
 * come with versions of their own, delivered before), and the tracker already holds the state it
 * wrote. Handling that echo, reading every annotation back into a record and interpreting an
 * unchanged status, was one of each job's six watch events (scripts/bench). Only the last own
 * version per job is kept, and only until its echo arrives or the job goes.
 */
final class OwnWrites {

    private final JsonFactory json;
    private final Map<String, String> versions = new ConcurrentHashMap<>();

    OwnWrites(JsonFactory json) {
        this.json = json;
    }

    /** Notes the version the API server gave Fling's tracking patch, read from its answer. */
    void patched(JobRef ref, byte[] answer) {
        if (answer == null) {
            return;
        }
        String version = resourceVersion(answer);
        if (version != null) {
            versions.put(ref.namespace() + "/" + ref.name(), version);
        }
    }

    /** Whether this update is the echo of Fling's own tracking patch (then forgotten). */
    boolean echo(FlinkDeployment deployment) {
        String version = deployment.getMetadata().getResourceVersion();
        return version != null && versions.remove(
                deployment.getMetadata().getNamespace() + "/" + deployment.getMetadata().getName(), version);
    }

    void forget(JobRef ref) {
        versions.remove(ref.namespace() + "/" + ref.name());
    }

    /**
     * {@code metadata.resourceVersion} of an object's JSON, read as tokens up to it: the rest of the
     * object (its spec and status) is skipped, not built. Null when it is not there.
     */
    String resourceVersion(byte[] object) {
        if (object == null || object.length == 0) {
            return null;
        }
        try (JsonParser parser = json.createParser(object)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!field.equals("metadata") || value != JsonToken.START_OBJECT) {
                    parser.skipChildren();
                    continue;
                }
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String inner = parser.currentName();
                    parser.nextToken();
                    if (inner.equals("resourceVersion")) {
                        return parser.getValueAsString();
                    }
                    parser.skipChildren();
                }
                return null;
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
