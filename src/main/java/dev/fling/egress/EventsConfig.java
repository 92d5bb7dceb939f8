package dev.fling.egress;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How lifecycle events look on the wire. */
@ConfigMapping(prefix = "fling.events")
public interface EventsConfig {

    /** The {@code source} attribute of every event Fling emits. */
    @WithDefault("/fling")
    String source();

    /** Base URI the {@code dataschema} attribute is built from (schema file name appended). */
    @WithDefault("https://fling.dev/events-schema/")
    String schemaBaseUri();
}
