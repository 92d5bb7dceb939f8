package dev.fling.runtime.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes the files a Flink process reads: config.yaml (flat keys) and the log4j configuration. */
final class ClusterFiles {

    private ClusterFiles() {}

    static void writeConfig(Path file, Map<String, String> configuration) throws IOException {
        StringBuilder yaml = new StringBuilder("# written by Fling\n");
        configuration.forEach((key, value) -> yaml.append(key).append(": ").append(quote(value)).append('\n'));
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
    }

    /** Rolling file logs of each process in its cluster's log directory, named by -Dlog.file. */
    static void writeLog4j(Path file) throws IOException {
        Files.writeString(file, String.join("\n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = MainAppender",
                "logger.pekko.name = org.apache.pekko",
                "logger.pekko.level = WARN",
                "logger.kafka.name = org.apache.kafka",
                "logger.kafka.level = WARN",
                "appender.main.name = MainAppender",
                "appender.main.type = File",
                "appender.main.append = true",
                "appender.main.fileName = ${sys:log.file}",
                "appender.main.layout.type = PatternLayout",
                "appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
                ""), StandardCharsets.UTF_8);
    }

    /** YAML scalar: quoted whenever it could be read as something other than the plain string. */
    private static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
