package dev.fling.testing;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A package's {@code @ConfigMapping} as Fling would read it, without booting Quarkus: the
 * defaults written on the interface, and only the properties a test names (no environment, no
 * application.properties), so that a test sees what a user gets by default and nothing else.
 * Durations are read as Quarkus reads them ("200ms", "15s", or ISO-8601).
 */
public final class TestingConfig {

    private TestingConfig() {}

    /**
     * The mapping with its defaults, and the given properties (full names, e.g.
     * {@code "fling.policy.max-parallelism", "4"}) over them.
     */
    public static <T> T of(Class<T> mapping, String... keyValues) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put(keyValues[i], keyValues[i + 1]);
        }
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors() // expands defaults such as ${K_SINK:}, to their fallback here
                .withMapping(mapping)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test properties", 100))
                .build();
        return config.getConfigMapping(mapping);
    }
}
