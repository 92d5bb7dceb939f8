package dev.fling.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks a resource against a CRD's structural schema as an API server would: fields the schema
 * does not know, wrong types, values outside an enum, missing required fields. The mock server
 * validates nothing, so this is where "a real cluster accepts it" is checked.
 */
public final class CrdSchema {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CrdSchema() {}

    /** Against the CRD of the resource's kind: FlinkDeployment or FlinkSessionJob. */
    public static List<String> violations(Object resource) {
        JsonNode value = JSON.valueToTree(resource);
        JsonNode crd = JSON.valueToTree(MockKubernetes.crd("FlinkSessionJob".equals(value.path("kind").asText())
                ? MockKubernetes.SESSION_JOB_CRD_RESOURCE : MockKubernetes.CRD_RESOURCE));
        JsonNode version = null;
        for (JsonNode v : crd.path("spec").path("versions")) {
            if ("v1beta1".equals(v.path("name").asText())) {
                version = v;
            }
        }
        JsonNode schema = version.path("schema").path("openAPIV3Schema");
        List<String> errors = new ArrayList<>();
        check(schema.path("properties").path("spec"), value.path("spec"), "spec", errors);
        return errors;
    }

    private static void check(JsonNode schema, JsonNode value, String path, List<String> errors) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return;
        }
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            if (!value.isTextual() && !value.isIntegralNumber()) {
                errors.add(path + ": expected an integer or a string");
            }
            return;
        }
        String type = schema.path("type").asText("");
        switch (type) {
            case "object" -> checkObject(schema, value, path, errors);
            case "array" -> {
                if (!value.isArray()) {
                    errors.add(path + ": expected an array");
                } else {
                    for (int i = 0; i < value.size(); i++) {
                        check(schema.path("items"), value.get(i), path + "[" + i + "]", errors);
                    }
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    errors.add(path + ": expected a string, got " + value);
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    errors.add(path + ": expected an integer, got " + value);
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    errors.add(path + ": expected a number, got " + value);
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    errors.add(path + ": expected a boolean, got " + value);
                }
            }
            default -> { }
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode allowed : schema.get("enum")) {
                listed |= allowed.equals(value);
            }
            if (!listed) {
                errors.add(path + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
    }

    private static void checkObject(JsonNode schema, JsonNode value, String path, List<String> errors) {
        if (!value.isObject()) {
            errors.add(path + ": expected an object");
            return;
        }
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.path("additionalProperties");
        boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String fieldPath = path + "." + field.getKey();
            if (properties.has(field.getKey())) {
                check(properties.get(field.getKey()), field.getValue(), fieldPath, errors);
            } else if (additional.isObject()) {
                check(additional, field.getValue(), fieldPath, errors);
            } else if (!preserve) {
                errors.add(fieldPath + ": unknown field (a real API server drops or refuses it)");
            }
        }
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) {
                errors.add(path + "." + required.asText() + ": required");
            }
        }
    }
}
