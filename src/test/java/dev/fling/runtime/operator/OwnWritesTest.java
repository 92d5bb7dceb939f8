package dev.fling.runtime.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.runtime.JobRef;
import dev.fling.runtime.operator.model.FlinkDeployment;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Fling's own tracking patches, told apart from everything else the informer delivers by their resource version. */
class OwnWritesTest {

    private static final JobRef JOB = new JobRef("flink", "nightly-0123456789");
    private final OwnWrites own = new OwnWrites(new ObjectMapper().getFactory());

    @Test
    void theEchoOfAnOwnPatchIsRecognisedOnceByItsVersion() {
        own.patched(JOB, answer("42"));

        assertThat(own.echo(deployment("41"))).as("an earlier change, e.g. the operator's status write").isFalse();
        assertThat(own.echo(deployment("42"))).isTrue();
        assertThat(own.echo(deployment("42"))).as("forgotten once seen").isFalse();
    }

    @Test
    void anotherInstancesPatchOrAnotherJobIsNoEcho() {
        own.patched(JOB, answer("42"));

        assertThat(own.echo(deployment("43"))).isFalse();
        FlinkDeployment other = deployment("42");
        other.getMetadata().setName("other-0123456789");
        assertThat(own.echo(other)).isFalse();
    }

    @Test
    void aDeletedJobsVersionIsForgotten() {
        own.patched(JOB, answer("42"));
        own.forget(JOB);

        assertThat(own.echo(deployment("42"))).isFalse();
    }

    @Test
    void readsTheVersionFromMetadataAndNothingElse() {
        String object = """
                {"apiVersion":"flink.apache.org/v1beta1","kind":"FlinkDeployment",
                 "spec":{"resourceVersion":"1","job":{"parallelism":2}},
                 "metadata":{"name":"n","annotations":{"fling.dev/tracking":"{\\"resourceVersion\\":\\"2\\"}"},
                   "labels":{"a":"b"},"resourceVersion":"77","generation":3},
                 "status":{"lifecycleState":"STABLE"}}
                """;

        assertThat(own.resourceVersion(object.getBytes(StandardCharsets.UTF_8))).isEqualTo("77");
    }

    @Test
    void anAnswerWithoutAVersionOrNotJsonIsNoEcho() {
        assertThat(own.resourceVersion("{\"metadata\":{\"name\":\"n\"}}".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(own.resourceVersion("not json".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(own.resourceVersion(new byte[0])).isNull();
        own.patched(JOB, "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(own.echo(deployment("42"))).isFalse();
    }

    private static byte[] answer(String resourceVersion) {
        return ("{\"apiVersion\":\"flink.apache.org/v1beta1\",\"kind\":\"FlinkDeployment\",\"metadata\":{\"name\":\""
                + JOB.name() + "\",\"namespace\":\"flink\",\"resourceVersion\":\"" + resourceVersion
                + "\"},\"status\":{}}").getBytes(StandardCharsets.UTF_8);
    }

    private static FlinkDeployment deployment(String resourceVersion) {
        FlinkDeployment deployment = new FlinkDeployment();
        deployment.getMetadata().setNamespace(JOB.namespace());
        deployment.getMetadata().setName(JOB.name());
        deployment.getMetadata().setResourceVersion(resourceVersion);
        return deployment;
    }
}
