package dev.fling.auth;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Mode {@code token-review}: the caller presents a Kubernetes service-account token or an OIDC
 * token the cluster trusts (Knative's sender identity), and the API server says whose it is. The
 * answer is reused for a while, so that a busy Trigger costs one review a minute, not one a request.
 */
final class TokenReviews implements Authenticator {

    private static final Logger LOG = Logger.getLogger(TokenReviews.class);
    private static final int MAX_CACHED = 10_000;

    private record Answer(Verdict verdict, Instant until) {}

    private final KubernetesClient client;
    private final Optional<String> audience;
    private final List<String> allowedSubjects;
    private final Duration cacheFor;
    private final Clock clock;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    TokenReviews(KubernetesClient client, Optional<String> audience, List<String> allowedSubjects, Duration cacheFor,
            Clock clock) {
        this.client = client;
        this.audience = audience.filter(a -> !a.isBlank());
        this.allowedSubjects = allowedSubjects;
        this.cacheFor = cacheFor;
        this.clock = clock;
    }

    @Override
    public Verdict check(String bearerToken) {
        String key = hash(bearerToken);
        Instant now = clock.instant();
        Answer cached = answers.get(key);
        if (cached != null && now.isBefore(cached.until())) {
            return cached.verdict();
        }
        Verdict verdict = review(bearerToken);
        if (verdict.outcome() != Verdict.Outcome.UNAVAILABLE) {
            if (answers.size() >= MAX_CACHED) {
                answers.clear(); // a flood of distinct tokens must not grow the heap
            }
            answers.put(key, new Answer(verdict, now.plus(cacheFor)));
        }
        return verdict;
    }

    private Verdict review(String token) {
        TokenReview review = new TokenReviewBuilder().withNewSpec()
                .withToken(token)
                .withAudiences(audience.map(List::of).orElse(null))
                .endSpec().build();
        TokenReviewStatus status;
        try {
            status = client.resource(review).create().getStatus();
        } catch (KubernetesClientException e) {
            LOG.warnf("could not review a caller's token: %s", e.getMessage());
            return Verdict.unavailable("the Kubernetes API could not review the token");
        }
        if (status == null || !Boolean.TRUE.equals(status.getAuthenticated()) || status.getUser() == null) {
            String error = status == null || status.getError() == null ? "not authenticated" : status.getError();
            return Verdict.unauthenticated("the token was not accepted by the Kubernetes API: " + error);
        }
        String subject = status.getUser().getUsername();
        return allowed(subject) ? Verdict.allowed(subject) : Verdict.forbidden(subject);
    }

    /** An entry ending in * allows every subject that starts with what comes before it. */
    private boolean allowed(String subject) {
        return allowedSubjects.stream().map(String::trim).anyMatch(allowed -> allowed.endsWith("*")
                ? subject.startsWith(allowed.substring(0, allowed.length() - 1))
                : subject.equals(allowed));
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
