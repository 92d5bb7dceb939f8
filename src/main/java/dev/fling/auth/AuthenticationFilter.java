package dev.fling.auth;

import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Lets into every resource ({@code POST /}, {@code /jobs}, the event streams) only the callers
 * {@code fling.http.auth.mode} allows:
 * 401 (with {@code WWW-Authenticate}) without a bearer token or with one nobody vouches for, 403
 * for a known caller that is not allowed, 503 when the Kubernetes API cannot say. Health,
 * metrics and OpenAPI under {@code /q} are not resources, so probes and scrapers need no token.
 */
@ApplicationScoped
public class AuthenticationFilter {

    private static final Logger LOG = Logger.getLogger(AuthenticationFilter.class);
    private static final String BEARER = "Bearer ";

    private final Authenticator authenticator;

    public AuthenticationFilter(AuthConfig auth, Instance<KubernetesClient> client, Clock clock) {
        this.authenticator = switch (auth.mode()) {
            case none -> null;
            case token -> new SharedTokens(auth.tokens().orElse(List.of()));
            case token_review -> new TokenReviews(client.get(), auth.audience(), auth.allowedSubjects(),
                    auth.cacheFor(), clock);
        };
    }

    // Runs on the resource's own (worker) thread: a token review is a blocking call.
    @ServerRequestFilter
    public Response authenticate(ContainerRequestContext request) {
        if (authenticator == null) {
            return null;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || header.substring(BEARER.length()).isBlank()) {
            return refuse(Response.Status.UNAUTHORIZED, "send a bearer token (Authorization: Bearer <token>)");
        }
        Verdict verdict = authenticator.check(header.substring(BEARER.length()).trim());
        return switch (verdict.outcome()) {
            case ALLOWED -> {
                // The resources learn who called (a launch's tenant may require it) from the security context.
                request.setSecurityContext(new Caller(verdict.subject(), request.getSecurityContext()));
                yield null;
            }
            case UNAUTHENTICATED -> refuse(Response.Status.UNAUTHORIZED, verdict.reason());
            case FORBIDDEN -> {
                LOG.infof("refused %s %s from %s", request.getMethod(), request.getUriInfo().getPath(), verdict.subject());
                yield refuse(Response.Status.FORBIDDEN, verdict.reason());
            }
            case UNAVAILABLE -> Response.status(Response.Status.SERVICE_UNAVAILABLE).header("Retry-After", "5")
                    .type(MediaType.TEXT_PLAIN).entity(verdict.reason() + "\n").build();
        };
    }

    private static Response refuse(Response.Status status, String reason) {
        Response.ResponseBuilder response = Response.status(status).type(MediaType.TEXT_PLAIN).entity(reason + "\n");
        if (status == Response.Status.UNAUTHORIZED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"fling\"");
        }
        return response.build();
    }
}
