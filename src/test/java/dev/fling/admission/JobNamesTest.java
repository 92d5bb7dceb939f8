package dev.fling.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fling.events.RequestContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobNamesTest {

    private static final String DNS_1035 = "^[a-z]([-a-z0-9]*[a-z0-9])?$";
    private static final String TYPE = "dev.fling.job.launch.requested";

    private static RequestContext request(String source, String id) {
        return new RequestContext(id, source, TYPE, Map.of());
    }

    @Test
    void sameSourceAndIdGiveTheSameName() {
        RequestContext first = request("/batch/scheduler", "req-1");
        RequestContext redelivered = new RequestContext("req-1", "/batch/scheduler", TYPE,
                Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));

        assertThat(JobNames.of("nightly", redelivered)).isEqualTo(JobNames.of("nightly", first));
        assertThat(redelivered.key()).isEqualTo(first.key());
    }

    @Test
    void differentIdGivesADifferentName() {
        assertThat(JobNames.of("nightly", request("/batch/scheduler", "req-2")))
                .isNotEqualTo(JobNames.of("nightly", request("/batch/scheduler", "req-1")));
    }

    @Test
    void differentSourceGivesADifferentName() {
        assertThat(JobNames.of("nightly", request("/other", "req-1")))
                .isNotEqualTo(JobNames.of("nightly", request("/batch/scheduler", "req-1")));
    }

    @Test
    void sourceAndIdAreNotConfusedWhenConcatenated() {
        assertThat(request("/a", "bc").key()).isNotEqualTo(request("/ab", "c").key());
    }

    @Test
    void keyIsTenLowercaseHexDigits() {
        assertThat(request("/batch/scheduler", "req-1").key()).matches("^[0-9a-f]{10}$");
    }

    @Test
    void nameIsThePrefixAndTheRequestKey() {
        RequestContext request = request("/batch/scheduler", "req-1");

        assertThat(JobNames.of("nightly", request)).isEqualTo("nightly-" + request.key());
    }

    @Test
    void defaultPrefixIsFling() {
        RequestContext request = request("/batch/scheduler", "req-1");

        assertThat(JobNames.of(null, request)).isEqualTo("fling-" + request.key());
        assertThat(JobNames.of("", request)).isEqualTo("fling-" + request.key());
    }

    @Test
    void nameIsADns1035Label() {
        for (int i = 0; i < 200; i++) {
            RequestContext request = request("/batch/scheduler", "req-" + i);
            assertThat(JobNames.of(null, request)).matches(DNS_1035);
            assertThat(JobNames.of("etl-job", request)).matches(DNS_1035);
        }
    }

    @Test
    void nameStaysShortEvenWithAThirtyCharacterName() {
        String thirty = "a23456789-123456789-123456789z";
        assertThat(thirty).hasSize(30);

        String name = JobNames.of(thirty, request("/batch/scheduler", "req-1"));

        assertThat(name).matches(DNS_1035);
        assertThat(name.length()).isLessThanOrEqualTo(JobNames.MAX_LENGTH).isLessThanOrEqualTo(45);
        assertThat(name.length()).isLessThanOrEqualTo(41); // the operator names Services after it
    }
}
