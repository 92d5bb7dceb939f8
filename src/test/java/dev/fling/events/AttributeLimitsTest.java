package dev.fling.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class AttributeLimitsTest {

    private static CloudEventBuilder event() {
        return CloudEventBuilder.v1().withId("id-1").withSource(URI.create("/tests")).withType("dev.fling.job.launch")
                .withExtension("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    }

    @Test
    void anOrdinaryEnvelopeIsWithinTheLimits() {
        assertThat(AttributeLimits.problem(event().build())).isEmpty();
    }

    @Test
    void aSourceOverTheLimitIsNamedWithItsLength() {
        String source = "/" + "s".repeat(2000);
        assertThat(AttributeLimits.problem(event().withSource(URI.create(source)).build()))
                .contains("the attribute source is 2001 characters long; at most 1024 are accepted");
    }

    @Test
    void tooManyExtensionsAreRefused() {
        CloudEventBuilder many = event();
        for (int i = 0; i < 40; i++) {
            many.withExtension("ext" + i, "v");
        }
        assertThat(AttributeLimits.problem(many.build())).hasValueSatisfying(p -> assertThat(p).contains("41 extension"));
    }

    @Property(tries = 50)
    void anExtensionIsRefusedExactlyWhenOverTheLimit(@ForAll @IntRange(min = 1, max = 5000) int length) {
        boolean refused = AttributeLimits.problem(event().withExtension("correlationid", "c".repeat(length)).build())
                .isPresent();
        assertThat(refused).isEqualTo(length > AttributeLimits.MAX_ATTRIBUTE_LENGTH);
    }
}
