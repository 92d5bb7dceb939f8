package dev.fling.ingress;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings of the HTTP endpoints ({@code POST /}, {@code /jobs}): how much at once. Who may call
 * is {@code fling.http.auth}, in auth's own {@code AuthConfig}.
 */
@ConfigMapping(prefix = "fling.http")
public interface HttpConfig {

    /** Requests handled at once on {@code POST /}; more get 429 with Retry-After. */
    @WithDefault("64")
    int maxInFlight();
}
