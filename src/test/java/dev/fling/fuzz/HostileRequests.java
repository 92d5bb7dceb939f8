package dev.fling.fuzz;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fling.fuzz.HostileInput.Channel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.Tuple;
import net.jqwik.api.sessions.JqwikSession;

/**
 * The generator of scripts/fuzz: hostile requests of every kind issue 19 lists, each with the
 * answer it must get. Everything not under attack in a request is valid, so that a request which
 * gets through shows as accepted instead of hiding behind another error.
 */
public final class HostileRequests {

    static final String LAUNCH = "dev.fling.job.launch";
    static final String VALID_JAR = "https://artifacts.example.com/fuzz.jar";
    private static final Set<String> DATA = Set.of("INVALID_DATA");
    private static final Set<String> POLICY = Set.of("INVALID_DATA", "POLICY_VIOLATION");
    private static final Set<String> ENVELOPE = Set.of("NOT_A_CLOUDEVENT");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RandomGenerator<Attack> attacks;
    private final RandomGenerator<Channel> channels;
    private final Random random;
    private int next;

    /** Generates on the calling thread (outside a property, in a jqwik session of its own). */
    public HostileRequests(long seed) {
        if (!JqwikSession.isActive()) {
            JqwikSession.start();
        }
        this.attacks = attacks().generator(1000);
        this.channels = Arbitraries.of(Channel.values()).generator(2);
        this.random = new Random(seed);
    }

    /** The next input; over HTTP or Kafka, its id unique in the run. */
    public HostileInput next(String run) {
        Attack attack = attacks.next(random).value();
        Channel channel = attack.httpOnly() ? Channel.HTTP : channels.next(random).value();
        String id = run + "-" + next++;
        return attack.input(id, channel);
    }

    /** What is wrong with a request, before it is given an id and a channel. */
    record Attack(String kind, boolean httpOnly, Map<String, String> extraHeaders, Object data, byte[] rawBody,
            boolean structured, Set<String> reasons, Set<Integer> statuses) {

        HostileInput input(String id, Channel channel) {
            Map<String, String> headers = new LinkedHashMap<>();
            byte[] body;
            if (rawBody != null) {
                headers.putAll(extraHeaders);
                body = rawBody;
            } else if (structured) {
                ObjectNode event = JSON.createObjectNode().put("specversion", "1.0").put("id", id)
                        .put("source", "/fuzz").put("type", LAUNCH).put("datacontenttype", "application/json");
                event.set("data", JSON.valueToTree(data));
                headers.put("content-type", "application/cloudevents+json");
                headers.putAll(extraHeaders);
                body = write(event);
            } else {
                String prefix = channel == Channel.KAFKA ? "ce_" : "ce-";
                headers.put(prefix + "specversion", "1.0");
                headers.put(prefix + "id", id);
                headers.put(prefix + "source", "/fuzz");
                headers.put(prefix + "type", LAUNCH);
                headers.put("content-type", "application/json");
                extraHeaders.forEach((name, value) -> headers.put(name.startsWith("ce-") ? prefix + name.substring(3)
                        : name, value));
                body = data instanceof byte[] bytes ? bytes : write(data);
            }
            return new HostileInput(kind, channel, id, headers, body, reasons, statuses);
        }
    }

    static Arbitrary<Attack> attacks() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, notACloudEvent()),
                Tuple.of(6, truncatedJson()),
                Tuple.of(5, deeplyNested()),
                Tuple.of(8, wrongTypes()),
                Tuple.of(6, hugeStrings()),
                Tuple.of(5, hugeArrays()),
                Tuple.of(6, unknownOrDuplicatedFields()),
                Tuple.of(8, oddCharacters()),
                Tuple.of(5, oversizedAttributes()),
                Tuple.of(1, bigBatches()),
                Tuple.of(8, namespaceEscapes()),
                Tuple.of(8, imageEscapes()),
                Tuple.of(10, configurationEscapes()),
                Tuple.of(10, jarEscapes()));
    }

    static Arbitrary<Attack> notACloudEvent() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(4096)
                .map(bytes -> raw("not a CloudEvent", Map.of(), bytes, ENVELOPE, Set.of(400)));
    }

    static Arbitrary<Attack> truncatedJson() {
        return Arbitraries.integers().between(1, 200).map(cut -> {
            String whole = "{\"specversion\":\"1.0\",\"id\":\"t\",\"source\":\"/fuzz\",\"type\":\"" + LAUNCH
                    + "\",\"data\":{\"jarURI\":\"" + VALID_JAR + "\",\"args\":[\"a\",\"b\"]}}";
            byte[] body = whole.substring(0, Math.min(cut, whole.length() - 1)).getBytes(StandardCharsets.UTF_8);
            return raw("truncated JSON", Map.of("content-type", "application/cloudevents+json"), body, ENVELOPE,
                    Set.of(400));
        });
    }

    static Arbitrary<Attack> deeplyNested() {
        return Combinators.combine(Arbitraries.integers().between(50, 200_000), Arbitraries.of(true, false))
                .as((depth, structured) -> {
                    String nested = "[".repeat(depth) + "]".repeat(depth);
                    String data = "{\"jarURI\":\"" + VALID_JAR + "\",\"labels\":{\"a\":" + nested + "}}";
                    Set<Integer> statuses = data.length() > 1_000_000 ? Set.of(413) : Set.of(400);
                    if (structured) {
                        String event = "{\"specversion\":\"1.0\",\"id\":\"n\",\"source\":\"/fuzz\",\"type\":\""
                                + LAUNCH + "\",\"data\":" + data + "}";
                        return raw("deeply nested JSON", Map.of("content-type", "application/cloudevents+json"),
                                event.getBytes(StandardCharsets.UTF_8), Set.of("NOT_A_CLOUDEVENT", "INVALID_DATA"),
                                statuses);
                    }
                    return binary("deeply nested JSON", Map.of(), data.getBytes(StandardCharsets.UTF_8), DATA,
                            statuses);
                });
    }

    static Arbitrary<Attack> wrongTypes() {
        Arbitrary<Object> wrong = Arbitraries.oneOf(Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.of(true, false).map(b -> (Object) b), Arbitraries.just((Object) List.of(1, 2)),
                Arbitraries.just((Object) Map.of("x", 1)), Arbitraries.just((Object) 1.5e300));
        Arbitrary<String> field = Arbitraries.of("jarURI", "args", "parallelism", "labels", "flinkConfiguration",
                "deadlineSeconds", "taskManager", "priority", "restoreFrom", "name");
        return Combinators.combine(field, wrong, Arbitraries.of(true, false)).as((name, value, structured) -> {
            Map<String, Object> data = launch();
            Object bad = switch (name) {
                case "jarURI", "name" -> value instanceof String ? 7 : value;
                case "args" -> List.of(value instanceof Map ? 3 : value);
                case "parallelism", "deadlineSeconds", "priority" -> value instanceof Integer i ? "" + i : value;
                case "labels", "flinkConfiguration" -> Map.of("k", value);
                default -> value instanceof Map ? "text" : value;
            };
            data.put(name, bad);
            return structured ? structured("wrong types", Map.of(), data, DATA) : binary("wrong types", Map.of(), data,
                    DATA, Set.of(400));
        });
    }

    static Arbitrary<Attack> hugeStrings() {
        Arbitrary<Integer> length = Arbitraries.frequencyOf(Tuple.of(10, Arbitraries.integers().between(9_000, 60_000)),
                Tuple.of(1, Arbitraries.integers().between(300_000, 1_200_000)));
        Arbitrary<String> field = Arbitraries.of("args", "entryClass", "name", "image", "jarURI", "configValue",
                "configKey", "labelValue", "savepointPath");
        return Combinators.combine(field, length).as((name, n) -> {
            String big = "x".repeat(n);
            Map<String, Object> data = launch();
            switch (name) {
                case "args" -> data.put("args", List.of("--input", big));
                case "entryClass" -> data.put("entryClass", "a" + big);
                case "jarURI" -> data.put("jarURI", VALID_JAR + "?" + big);
                case "configValue" -> data.put("flinkConfiguration", Map.of("pipeline.name", big));
                case "configKey" -> data.put("flinkConfiguration", Map.of("pipeline." + big, "v"));
                case "labelValue" -> data.put("labels", Map.of("team", big));
                case "savepointPath" -> data.put("restoreFrom", Map.of("savepointPath", "file:///sp/" + big));
                default -> data.put(name, big);
            }
            return binary("huge string in " + name, Map.of(), data, DATA, Set.of(400, 413));
        });
    }

    static Arbitrary<Attack> hugeArrays() {
        Arbitrary<String> field = Arbitraries.of("args", "flinkConfiguration", "labels");
        return Combinators.combine(field, Arbitraries.integers().between(257, 20_000)).as((name, n) -> {
            Map<String, Object> data = launch();
            switch (name) {
                case "args" -> data.put("args", java.util.Collections.nCopies(n, "--flag"));
                case "flinkConfiguration" -> {
                    Map<String, String> entries = new LinkedHashMap<>();
                    for (int i = 0; i < n; i++) {
                        entries.put("pipeline.fuzz-" + i, "v");
                    }
                    data.put("flinkConfiguration", entries);
                }
                default -> {
                    Map<String, String> labels = new LinkedHashMap<>();
                    for (int i = 0; i < n; i++) {
                        labels.put("l" + i, "v");
                    }
                    data.put("labels", labels);
                }
            }
            return binary("huge " + name, Map.of(), data, DATA, Set.of(400, 413));
        });
    }

    static Arbitrary<Attack> unknownOrDuplicatedFields() {
        Arbitrary<String> name = Arbitraries.of("jarURI", "namespace", "image", "parallelism");
        return Combinators.combine(name, Arbitraries.of(true, false)).as((field, duplicate) -> {
            String data;
            if (duplicate) {
                // The second value would win in a lenient parser: a checked first value, then a forbidden one.
                String first = switch (field) {
                    case "jarURI" -> "\"" + VALID_JAR + "\"";
                    case "namespace" -> "\"default\"";
                    case "image" -> "\"flink:1.20\"";
                    default -> "1";
                };
                String second = switch (field) {
                    case "jarURI" -> "\"ftp://evil.example.com/x.jar\"";
                    case "namespace" -> "\"kube-system\"";
                    case "image" -> "\"evil.example.com/miner:1\"";
                    default -> "100000";
                };
                data = "{\"jarURI\":\"" + VALID_JAR + "\",\"" + field + "\":" + first + ",\"" + field + "\":" + second
                        + "}";
                if (field.equals("jarURI")) {
                    data = "{\"jarURI\":" + first + ",\"jarURI\":" + second + "}";
                }
            } else {
                data = "{\"jarURI\":\"" + VALID_JAR + "\",\"" + field + "X\":1}";
            }
            return binary(duplicate ? "duplicated field" : "unknown field", Map.of(),
                    data.getBytes(StandardCharsets.UTF_8), duplicate ? POLICY : DATA, Set.of(400));
        });
    }

    static Arbitrary<Attack> oddCharacters() {
        Arbitrary<Character> odd = Arbitraries.of('\u0000', '\u0001', '\u0007', '\u001b', '\u007f', '\u202e',
                '\u200b', '\ufeff', '\ud83d', '\u0085', '\u2028');
        Arbitrary<String> where = Arbitraries.of("name", "labelKey", "labelValue", "args", "namespace", "entryClass",
                "configValue", "configKey", "jarURI");
        return Combinators.combine(where, odd, Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10))
                .as((field, c, text) -> {
                    String value = text.toLowerCase() + c + text.toLowerCase();
                    // In args and values only C0 controls and DEL are refused: other Unicode is fair data there.
                    if ((field.equals("args") || field.equals("configValue")) && c >= '\u0080') {
                        value = text + '\u0000';
                    }
                    Map<String, Object> data = launch();
                    switch (field) {
                        case "labelKey" -> data.put("labels", Map.of(value, "v"));
                        case "labelValue" -> data.put("labels", Map.of("team", value));
                        case "args" -> data.put("args", List.of(value));
                        case "configValue" -> data.put("flinkConfiguration", Map.of("pipeline.name", value));
                        case "configKey" -> data.put("flinkConfiguration", Map.of("pipeline." + value, "v"));
                        case "jarURI" -> data.put("jarURI", VALID_JAR.replace("fuzz", value));
                        default -> data.put(field, value);
                    }
                    return binary("odd character in " + field, Map.of(), data, POLICY, Set.of(400));
                });
    }

    static Arbitrary<Attack> oversizedAttributes() {
        Arbitrary<String> attribute = Arbitraries.of("ce-source", "ce-id", "ce-subject", "ce-correlationid",
                "ce-traceparent");
        return Combinators.combine(attribute, Arbitraries.integers().between(2_000, 7_000),
                Arbitraries.integers().between(9_000, 200_000)).as((name, length, overLimit) -> {
                    boolean headerLimit = name.equals("ce-correlationid") && length % 2 == 0;
                    int n = headerLimit ? overLimit : length;
                    String value = name.equals("ce-source") ? "/" + "s".repeat(n) : "v".repeat(n);
                    // Over HTTP, headers beyond the server's limit get 431 before anything is read.
                    Set<Integer> statuses = n > 8_000 ? Set.of(431, 400) : Set.of(400);
                    return binary("oversized attribute " + name.substring(3), Map.of(name, value), launch(), ENVELOPE,
                            statuses);
                });
    }

    static Arbitrary<Attack> bigBatches() {
        Arbitrary<Integer> counts = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.integers().between(2, 100)),
                Tuple.of(1, Arbitraries.integers().between(101, 6_000)));
        return counts.map(count -> {
            ArrayNode batch = JSON.createArrayNode();
            for (int i = 0; i < count; i++) {
                batch.addObject().put("specversion", "1.0").put("id", "b" + i).put("source", "/fuzz")
                        .put("type", "dev.fling.job.explode").putObject("data").put("job", "x");
            }
            return new Attack(count > 100 ? "batch over the event limit" : "batch of refused events", true,
                    Map.of("content-type", "application/cloudevents-batch+json"), null, write(batch), false,
                    Set.of("UNKNOWN_TYPE"), count > 100 ? Set.of(413) : Set.of(200, 413));
        });
    }

    static Arbitrary<Attack> namespaceEscapes() {
        return Arbitraries.of("Default", " default", "default ", "kube-system", "%64efault", "default\u0000",
                "default/../kube-system", "DEFAULT", "def\u0430ult", "default\n", "flink-operator")
                .map(namespace -> {
                    Map<String, Object> data = launch();
                    data.put("namespace", namespace);
                    return binary("namespace escape", Map.of(), data, POLICY, Set.of(400));
                });
    }

    static Arbitrary<Attack> imageEscapes() {
        return Arbitraries.of("FLINK:1.20", " flink:1.20", "flink:1.20 evil", "evil.example.com/flink:1.20",
                "flink:1.20/../../evil/miner", "flink:1.20\nevil", "fl\u0131nk:1.20", "apache/flink:1.20@evil",
                "flink:1.20\u0000", "flink:..", "flink:%2e%2e/evil", "docker.io/library/evil:1", "flink:5000/miner:1")
                .map(image -> {
                    Map<String, Object> data = launch();
                    data.put("image", image);
                    return binary("image escape", Map.of(), data, POLICY, Set.of(400));
                });
    }

    static Arbitrary<Attack> configurationEscapes() {
        Arbitrary<Map<String, String>> entry = Arbitraries.of(
                Map.of("kubernetes.pod-template-file.default", "/tmp/pod.yaml"),
                Map.of("KUBERNETES.service-account", "admin"), Map.of("Kubernetes.Pod-Template-File", "x"),
                Map.of(" kubernetes.service-account", "admin"), Map.of("kubernetes\u200b.service-account", "admin"),
                Map.of("kubernetes%2Eservice-account", "admin"), Map.of("env.java.opts.all", "-javaagent:/x.jar"),
                Map.of("ENV.JAVA.OPTS.ALL", "x"), Map.of("a: b\nrest.bind-port", "1"),
                Map.of("pipeline.name", "x\nrest.bind-port: 1"), Map.of("pipeline.name", "x\r\nsecurity.ssl: x"),
                Map.of("security.kerberos.login.keytab", "/etc/keytab"), Map.of("high-availability.type", "zookeeper"),
                Map.of("$internal.application.program-args", "x"), Map.of("pipeline.jars", "file:///etc/passwd"),
                Map.of("pipeline.classpaths", "file:///tmp"), Map.of("metrics.reporter.x.factory.class", "x"),
                Map.of("\tkubernetes.namespace", "kube-system"), Map.of("kubernetes.namespace ", "kube-system"),
                Map.of("plugin.dir", "/tmp"), Map.of("web.upload.dir", "/"), Map.of("rest.port", "1"),
                Map.of("containerized.master.env.X", "1"), Map.of("pipeline.name", "x\u0000"));
        return entry.map(configuration -> {
            Map<String, Object> data = launch();
            data.put("flinkConfiguration", configuration);
            return binary("configuration escape", Map.of(), data, POLICY, Set.of(400));
        });
    }

    static Arbitrary<Attack> jarEscapes() {
        return Arbitraries.of("file:///opt/flink/examples/../../../etc/passwd", "/tmp/../etc/shadow",
                "local:///opt/flink/usrlib/../../../root/.ssh/id_rsa", "file:///opt/%2e%2e/etc/passwd",
                "local:///opt/flink/%2E%2E/%2E%2E/etc/x.jar", "/opt/flink/..", "file:/opt/../etc/x.jar",
                "http://127.0.0.1/job.jar", "http://localhost:8080/job.jar", "http://LOCALHOST./job.jar",
                "http://127.1/job.jar", "http://0x7f000001/job.jar", "http://2130706433/job.jar",
                "http://0177.0.0.1/job.jar", "http://[::1]/job.jar", "http://[::ffff:127.0.0.1]/job.jar",
                "http://169.254.169.254/latest/meta-data/job.jar", "http://[fe80::1]/job.jar",
                "http://metadata.google.internal/computeMetadata/v1/job.jar", "http://0.0.0.0/job.jar",
                "https://user@169.254.169.254/job.jar", "http://[fd00:ec2::254]/job.jar", "http://0/job.jar",
                "http://169.254.170.2/v2/credentials", "http://foo.localhost/job.jar", "http://[::]/job.jar",
                "https://artifacts.example.com@127.0.0.1/job.jar", "http://100.100.100.200/latest/meta-data")
                .map(jar -> {
                    Map<String, Object> data = launch();
                    data.put("jarURI", jar);
                    return binary("jar escape", Map.of(), data, POLICY, Set.of(400));
                });
    }

    private static Map<String, Object> launch() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("jarURI", VALID_JAR);
        data.put("entryClass", "dev.fling.Fuzz");
        return data;
    }

    private static Attack raw(String kind, Map<String, String> headers, byte[] body, Set<String> reasons,
            Set<Integer> statuses) {
        return new Attack(kind, false, headers, null, body, false, reasons, statuses);
    }

    private static Attack binary(String kind, Map<String, String> headers, Object data, Set<String> reasons,
            Set<Integer> statuses) {
        return new Attack(kind, false, headers, data, null, false, reasons, statuses);
    }

    private static Attack structured(String kind, Map<String, String> headers, Object data, Set<String> reasons) {
        return new Attack(kind, false, headers, data, null, true, reasons, Set.of(400));
    }

    private static byte[] write(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
