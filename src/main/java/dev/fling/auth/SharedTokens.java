package dev.fling.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/** Mode {@code token}: the caller presents one of the configured secrets. */
final class SharedTokens implements Authenticator {

    private final List<byte[]> tokens;

    SharedTokens(List<String> tokens) {
        this.tokens = tokens.stream().filter(t -> !t.isBlank()).map(t -> t.trim().getBytes(StandardCharsets.UTF_8))
                .toList();
        if (this.tokens.isEmpty()) {
            throw new IllegalStateException("fling.http.auth.mode=token needs at least one token in "
                    + "fling.http.auth.tokens (FLING_HTTP_AUTH_TOKENS)");
        }
    }

    @Override
    public Verdict check(String bearerToken) {
        byte[] presented = bearerToken.getBytes(StandardCharsets.UTF_8);
        boolean known = false;
        for (byte[] token : tokens) {
            // Constant time, and every token compared: how long a check takes tells nothing about a secret.
            known |= MessageDigest.isEqual(token, presented);
        }
        return known ? Verdict.allowed("token") : Verdict.unauthenticated("the bearer token is not a configured one");
    }
}
