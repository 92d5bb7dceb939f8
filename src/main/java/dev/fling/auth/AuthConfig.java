package dev.fling.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Authentication of HTTP callers: who may send requests and query jobs (health, metrics and
 * OpenAPI under /q stay open).
 */
@ConfigMapping(prefix = "fling.http.auth")
public interface AuthConfig {

    /** none, token (a shared bearer token) or token-review (Kubernetes service-account or OIDC tokens). */
    @WithDefault("none")
    AuthMode mode();

    /** Bearer tokens accepted in mode token (from a Secret, comma-separated). */
    Optional<List<String>> tokens();

    /** Audience a token must be meant for in mode token-review; none: the API server's default. */
    Optional<String> audience();

    /**
     * Users (e.g. system:serviceaccount:knative-eventing:*) allowed in mode token-review; a
     * trailing * matches any rest. Authenticated but not listed: 403.
     */
    @WithDefault("*")
    List<String> allowedSubjects();

    /** How long a reviewed token's answer is reused. */
    @WithDefault("60s")
    Duration cacheFor();

    /** How HTTP callers prove who they are. */
    enum AuthMode {
        none,
        token,
        /** Written token-review in configuration. */
        token_review
    }
}
