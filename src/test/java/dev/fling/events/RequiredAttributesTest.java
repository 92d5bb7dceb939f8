package dev.fling.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import org.junit.jupiter.api.Test;

class RequiredAttributesTest {

    private static CloudEventBuilder event() {
        return CloudEventBuilder.v1().withId("id-1").withSource(URI.create("/tests")).withType("dev.fling.job.launch");
    }

    @Test
    void anEventWithEveryRequiredAttributeHasNoProblem() {
        assertThat(RequiredAttributes.problem(event().build())).isEmpty();
    }

    @Test
    void anEmptySourceIsNamed() {
        assertThat(RequiredAttributes.problem(event().withSource(URI.create("")).build()))
                .contains("the required attribute source is empty; CloudEvents requires each to be non-empty");
    }

    @Test
    void everyEmptyAttributeIsNamed() {
        assertThat(RequiredAttributes.problem(event().withId("").withSource(URI.create("")).withType("").build()))
                .hasValueSatisfying(problem -> assertThat(problem).startsWith("the required attributes id, source, type are empty"));
    }
}
