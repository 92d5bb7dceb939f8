package dev.fling.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.runtime.rest.FlinkRestException;
import org.junit.jupiter.api.Test;

class WarmStarterTest {

    private final WarmStarter starter = new WarmStarter(null, null, null, null, new ObjectMapper());

    @Test
    void aRefusedRunIsToldByFlinksCauseWithoutTheServersWrapping() {
        String body = "{\"errors\":[\"Internal server error.\",\"<Exception on server side:\\n"
                + "org.apache.flink.runtime.rest.handler.RestHandlerException: Could not execute application.\\n"
                + "\\tat org.apache.flink.runtime.webmonitor.handlers.JarRunHandler.lambda$handleRequest$1(JarRunHandler.java:136)\\n"
                + "Caused by: org.apache.flink.client.program.ProgramInvocationException: The program's entry point class "
                + "'dev.fling.examples.NotInTheJar' was not found in the jar file.\\n"
                + "\\t... 4 more\\n\\nEnd of exception on server side>\"]}";

        String cause = starter.cause(new FlinkRestException(500, "POST /jars/x/run answered 500: " + body));

        assertThat(cause).isEqualTo("org.apache.flink.runtime.rest.handler.RestHandlerException: Could not execute "
                + "application.; caused by: org.apache.flink.client.program.ProgramInvocationException: The program's "
                + "entry point class 'dev.fling.examples.NotInTheJar' was not found in the jar file.");
    }

    @Test
    void anAnswerThatIsNotFlinksJsonIsToldAsItIs() {
        assertThat(starter.cause(new FlinkRestException(502, "POST /jars/x/run answered 502: bad gateway")))
                .isEqualTo("POST /jars/x/run answered 502: bad gateway");
    }
}
