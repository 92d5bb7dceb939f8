package dev.fling.examples.temporal;

import java.net.URI;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Where Fling and its broker are, from environment variables (or system properties of the same name). */
public record FlingSettings(URI url, Optional<String> token, String bootstrapServers, String eventsTopic) {

    public static FlingSettings from(UnaryOperator<String> lookup) {
        return new FlingSettings(
                URI.create(Optional.ofNullable(lookup.apply("FLING_URL")).orElse("http://localhost:8080")),
                Optional.ofNullable(lookup.apply("FLING_TOKEN")).filter(t -> !t.isBlank()),
                Optional.ofNullable(lookup.apply("KAFKA_BOOTSTRAP_SERVERS")).orElse("localhost:9092"),
                Optional.ofNullable(lookup.apply("FLING_EVENTS_TOPIC")).orElse("fling.events"));
    }

    public static FlingSettings fromEnvironment() {
        return from(name -> Optional.ofNullable(System.getProperty(name)).orElse(System.getenv(name)));
    }
}
