package dev.fling.examples.temporal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The job a workflow asks for: the fields of Fling's launch request that this example passes
 * through (docs/events.md lists them all). A record, so Temporal's Jackson converter carries it.
 */
public record JobSpec(String name, String jarUri, String entryClass, List<String> args, Integer parallelism,
        Map<String, String> labels) {

    /** The launch request's {@code data}, leaving out what was not given so Fling's defaults apply. */
    ObjectNode launchData(ObjectMapper mapper) {
        ObjectNode data = mapper.createObjectNode();
        data.put("jarURI", jarUri);
        if (name != null) {
            data.put("name", name);
        }
        if (entryClass != null) {
            data.put("entryClass", entryClass);
        }
        if (args != null && !args.isEmpty()) {
            args.forEach(data.putArray("args")::add);
        }
        if (parallelism != null) {
            data.put("parallelism", parallelism);
        }
        if (labels != null && !labels.isEmpty()) {
            ObjectNode node = data.putObject("labels");
            labels.forEach(node::put);
        }
        return data;
    }
}
