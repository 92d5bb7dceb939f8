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

    /**
     * Events one batch body may hold; a larger batch gets 413 whole. Each event is admitted and,
     * if refused, dead-lettered in turn while the request holds a worker: scripts/fuzz saw a batch
     * of a thousand rejections hold one for over a minute.
     */
    @WithDefault("100")
    int maxBatchEvents();
}
