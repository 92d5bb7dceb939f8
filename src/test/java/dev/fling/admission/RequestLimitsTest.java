package dev.fling.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.events.DataSchemas;
import dev.fling.events.payload.FieldError;
import dev.fling.events.payload.RejectionReason;
import dev.fling.testing.Requests;
import dev.fling.testing.TestingConfig;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Every field a request can make large has a limit, and so has the parser: each is a rejection
 * naming the field (INVALID_DATA or POLICY_VIOLATION), never a job, a crash or an unbounded effort.
 * Found by scripts/fuzz; the end-to-end path (dead letter, 400 over HTTP) is RejectionIT's and FuzzIT's.
 */
class RequestLimitsTest {

    private static final String JAR = "https://artifacts.example.com/job.jar";
    private static final Admission ADMISSION = new Admission(new DataSchemas(),
            new LaunchDefinitions(TestingConfig.of(DefaultsConfig.class), Clock.systemUTC()),
            new LaunchPolicy(TestingConfig.of(PolicyConfig.class)), new ObjectMapper());

    @Test
    void anArgumentOverEightKilobytesIsRefused() {
        assertThat(fields(launch("args", List.of("--input", "x".repeat(8193))))).contains("/args/1");
    }

    @Test
    void anEntryClassOverItsLimitIsRefused() {
        assertThat(fields(launch("entryClass", "a".repeat(600)))).contains("/entryClass");
    }

    @Test
    void moreThan256ConfigurationEntriesAreRefused() {
        Map<String, String> entries = new LinkedHashMap<>();
        for (int i = 0; i < 257; i++) {
            entries.put("pipeline.entry-" + i, "v");
        }
        assertThat(fields(launch("flinkConfiguration", entries))).contains("/flinkConfiguration");
    }

    @Test
    void aConfigurationValueOverEightKilobytesIsRefused() {
        assertThat(fields(launch("flinkConfiguration", Map.of("pipeline.name", "x".repeat(8193)))))
                .contains("/flinkConfiguration/pipeline.name");
    }

    @Test
    void aConfigurationKeyThatCouldWriteAnotherLineIsRefused() {
        // The local runtime writes the configuration as YAML lines: "a: b\nrest.bind-port" would set rest.bind-port.
        assertThat(rejection(launch("flinkConfiguration", Map.of("a: b\nrest.bind-port", "1"))).reason())
                .isEqualTo(RejectionReason.INVALID_DATA);
    }

    @Test
    void aConfigurationValueWithALineBreakIsRefused() {
        assertThat(fields(launch("flinkConfiguration", Map.of("pipeline.name", "x\nrest.bind-port: 1"))))
                .contains("/flinkConfiguration/pipeline.name");
    }

    @Test
    void forbiddenKeysHiddenBehindWhitespaceOrEncodingAreRefused() {
        for (String key : List.of(" kubernetes.service-account", "kubernetes\u200b.service-account",
                "kubernetes%2Eservice-account", "\tkubernetes.namespace")) {
            assertThat(rejection(launch("flinkConfiguration", Map.of(key, "x"))).reason()).as(key)
                    .isEqualTo(RejectionReason.INVALID_DATA);
        }
    }

    @Test
    void aJarUriWithABidiOverrideIsRefused() {
        assertThat(fields(launch("jarURI", "https://artifacts.example.com/\u202eraj.jar"))).contains("/jarURI");
    }

    @Test
    void aNulInAnArgumentIsRefused() {
        assertThat(fields(launch("args", List.of("ok", "a\u0000b")))).contains("/args/1");
    }

    @Test
    void aDuplicatedFieldIsRefusedRatherThanReadAsItsLastValue() {
        Rejection rejection = rejection(binary("{\"jarURI\":\"" + JAR + "\",\"namespace\":\"default\","
                + "\"namespace\":\"kube-system\"}"));
        assertThat(rejection.reason()).isEqualTo(RejectionReason.INVALID_DATA);
        assertThat(rejection.errors().get(0).message()).contains("Duplicate field 'namespace'");
    }

    @Property(tries = 30)
    void dataNestedDeeperThanTheParsersLimitIsRefusedAsInvalid(@ForAll @IntRange(min = 33, max = 100_000) int depth) {
        String nested = "[".repeat(depth) + "]".repeat(depth);
        Rejection rejection = rejection(binary("{\"jarURI\":\"" + JAR + "\",\"labels\":{\"a\":" + nested + "}}"));
        assertThat(rejection.reason()).isEqualTo(RejectionReason.INVALID_DATA);
        assertThat(rejection.message()).isEqualTo("data is not valid JSON");
    }

    @Property(tries = 40)
    void hostileImagesAreRefused(@ForAll("hostileImages") String image) {
        assertThat(rejection(launch("image", image)).reason()).isIn(RejectionReason.INVALID_DATA,
                RejectionReason.POLICY_VIOLATION);
    }

    @Provide
    Arbitrary<String> hostileImages() {
        return Arbitraries.of("FLINK:1.20", " flink:1.20", "flink:1.20 evil", "evil.example.com/flink:1.20",
                "flink:1.20/../../evil/miner", "flink:1.20\nevil", "fl\u0131nk:1.20", "flink:5000/miner:1",
                "flink:1.20\u0000", "flink:..", "flink:%2e%2e/evil", "docker.io/library/evil:1");
    }

    @Test
    void anOrdinaryLaunchWithinEveryLimitIsAdmitted() {
        Map<String, String> configuration = new LinkedHashMap<>();
        for (int i = 0; i < 256; i++) {
            configuration.put("pipeline.entry-" + i, "v".repeat(100));
        }
        CloudEvent request = launch("args", Collections.nCopies(256, "a\tb\nc"), "flinkConfiguration", configuration,
                "image", "flink:1.20-java17");
        assertThat(ADMISSION.admit(request)).isInstanceOf(Command.Launch.class);
    }

    private static CloudEvent launch(Object... fields) {
        Object[] all = new Object[fields.length + 2];
        all[0] = "jarURI";
        all[1] = JAR;
        System.arraycopy(fields, 0, all, 2, fields.length);
        return Requests.launch(Requests.launchData(all));
    }

    private static CloudEvent binary(String data) {
        return CloudEventBuilder.v1(Requests.launch(Requests.launchData()))
                .withData("application/json", data.getBytes(StandardCharsets.UTF_8)).build();
    }

    private static List<String> fields(CloudEvent request) {
        return rejection(request).errors().stream().map(FieldError::field).toList();
    }

    private static Rejection rejection(CloudEvent request) {
        try {
            Command admitted = ADMISSION.admit(request);
            throw new AssertionError("expected a rejection, but the request was admitted as " + admitted);
        } catch (RequestRejectedException e) {
            return e.rejection();
        }
    }
}
