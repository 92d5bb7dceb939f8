package dev.fling.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The mock API server's CRUD dispatcher, plus the one thing CRUD cannot play: the API server's
 * authenticator answering TokenReviews (authentication.k8s.io/v1) for the tokens a test issues,
 * each for one audience, as service-account and OIDC tokens are.
 */
final class TestingAuthenticator extends KubernetesCrudDispatcher {

    private static final String TOKEN_REVIEWS = "/apis/authentication.k8s.io/v1/tokenreviews";
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Issued(String username, String audience) {}

    private final Map<String, Issued> tokens = new ConcurrentHashMap<>();
    private final List<String> reviewed = new CopyOnWriteArrayList<>();

    void issue(String token, String username, String audience) {
        tokens.put(token, new Issued(username, audience));
    }

    /** The tokens reviewed so far, in order. */
    List<String> reviewed() {
        return List.copyOf(reviewed);
    }

    @Override
    public MockResponse handleCreate(RecordedRequest request) {
        if (!request.getPath().startsWith(TOKEN_REVIEWS)) {
            return super.handleCreate(request);
        }
        try {
            ObjectNode review = (ObjectNode) JSON.readTree(request.getUtf8Body());
            JsonNode spec = review.path("spec");
            String token = spec.path("token").asText();
            reviewed.add(token);
            Issued issued = tokens.get(token);
            List<String> audiences = JSON.convertValue(spec.path("audiences"), JSON.getTypeFactory()
                    .constructCollectionType(List.class, String.class));
            ObjectNode status = review.putObject("status");
            // As the API server: a token is good only for an audience it was issued for (none asked: any).
            if (issued != null && (audiences == null || audiences.isEmpty() || audiences.contains(issued.audience()))) {
                status.put("authenticated", true);
                status.putObject("user").put("username", issued.username());
                status.putArray("audiences").add(issued.audience());
            } else {
                status.put("authenticated", false);
                status.put("error", issued == null ? "invalid bearer token" : "token audiences do not match");
            }
            return new MockResponse().setResponseCode(201).setBody(JSON.writeValueAsString(review));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
