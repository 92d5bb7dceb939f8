package dev.fling.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class EventLineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String format(String event, ZoneId zone) throws Exception {
        return EventLine.format(JSON.readTree(event), zone);
    }

    @Test
    void showsLocalTimeShortTypeJobAndTheDataFields() throws Exception {
        String line = format("""
                {"type":"dev.fling.job.started","subject":"etl-0123456789","time":"2024-05-01T10:00:05.123Z",
                 "data":{"job":"etl-0123456789","flinkJobId":"a1b2","parallelism":2,"attempt":1}}""",
                ZoneId.of("Europe/Paris"));

        assertThat(line).isEqualTo("12:00:05  started              etl-0123456789 flinkJobId=a1b2 parallelism=2 attempt=1");
    }

    @Test
    void quotesValuesWithSpacesAndPutsMultiLineValuesBelow() throws Exception {
        String line = format("""
                {"type":"dev.fling.job.failed","subject":"etl-0123456789","time":"2024-05-01T10:00:05Z",
                 "data":{"job":"etl-0123456789","error":"java.lang.IllegalStateException: boom\\n\\tat A.b(A.java:1)\\n",
                 "attempts":2,"reason":"two words"}}""", ZoneOffset.UTC);

        assertThat(line).isEqualTo("""
                10:00:05  failed               etl-0123456789 attempts=2 reason="two words"
                  error:
                    java.lang.IllegalStateException: boom
                    \tat A.b(A.java:1)""");
    }

    @Test
    void aRejectionListsEachFieldErrorBelowAndAJobItCouldNotNameIsADash() throws Exception {
        String line = format("""
                {"type":"dev.fling.job.rejected","time":"2024-05-01T10:00:05Z",
                 "data":{"reason":"INVALID_DATA","message":"request data does not match","errors":[
                   {"field":"/parallelism","message":"must be at least 1"},{"field":"","message":"jarURI is missing"}]}}""",
                ZoneOffset.UTC);

        assertThat(line).isEqualTo("""
                10:00:05  rejected             - reason=INVALID_DATA message="request data does not match"
                    /parallelism: must be at least 1
                    (data): jarURI is missing""");
    }

    @Test
    void anEventWithoutTimeOrDataStillPrints() throws Exception {
        assertThat(format("{\"type\":\"dev.fling.job.succeeded\",\"subject\":\"j\"}", ZoneOffset.UTC))
                .isEqualTo("--:--:--  succeeded            j");
    }
}
