package dev.fling.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.fling.testing.FlingTestEnvironment;
import dev.fling.testing.Requests;
import io.cloudevents.CloudEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code fling.http.auth.mode=token-review}: a Knative Trigger (or any pod) sends its
 * service-account or OIDC token, the API server says whose it is, and Fling lets in the subjects
 * it was told to.
 */
@QuarkusTest
@TestProfile(TokenReviewAuthIT.WithTokenReview.class)
class TokenReviewAuthIT extends WithRequestsAndEvents {

    static final String TRIGGER = "system:serviceaccount:knative-eventing:fling-launch-oidc-eventing.knative.dev-trigger";

    public static class WithTokenReview implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("fling.http.auth.mode", "token-review",
                    "fling.http.auth.audience", "fling",
                    "fling.http.auth.allowed-subjects", "system:serviceaccount:knative-eventing:*,system:admin");
        }
    }

    private static io.restassured.response.Response post(String token, CloudEvent launch) {
        return given().auth().oauth2(token).contentType("application/cloudevents+json")
                .body(Requests.structured(launch)).post("/");
    }

    @Test
    void aTokenOfAnAllowedSubjectIsLetInAndReviewedOnceForManyRequests() {
        FlingTestEnvironment.kubernetes().issueToken("trigger-token", TRIGGER, "fling");
        CloudEvent first = Requests.launch(Requests.launchData("name", "reviewed"));
        CloudEvent second = Requests.launch(Requests.launchData("name", "cached"));

        post("trigger-token", first).then().statusCode(202);
        post("trigger-token", second).then().statusCode(202);

        events.await(Requests.jobName(first, "reviewed"), "dev.fling.job.accepted");
        events.await(Requests.jobName(second, "cached"), "dev.fling.job.accepted");
        assertThat(FlingTestEnvironment.kubernetes().reviewedTokens()).containsOnlyOnce("trigger-token");
    }

    @Test
    void aKnownSubjectThatIsNotAllowedIs403() {
        FlingTestEnvironment.kubernetes().issueToken("app-token", "system:serviceaccount:shop:checkout", "fling");

        post("app-token", Requests.launch(Requests.launchData("name", "shop"))).then().statusCode(403)
                .body(containsString("system:serviceaccount:shop:checkout is not among"));
        given().auth().oauth2("app-token").get("/jobs").then().statusCode(403);
    }

    @Test
    void aTokenTheApiServerDoesNotAcceptIs401() {
        post("forged-token", Requests.launch(Requests.launchData("name", "forged"))).then().statusCode(401)
                .header("WWW-Authenticate", "Bearer realm=\"fling\"")
                .body(containsString("invalid bearer token"));
    }

    @Test
    void aTokenIssuedForAnotherAudienceIs401() {
        FlingTestEnvironment.kubernetes().issueToken("other-audience", TRIGGER, "https://kubernetes.default.svc");

        post("other-audience", Requests.launch(Requests.launchData("name", "elsewhere"))).then().statusCode(401)
                .body(containsString("audiences do not match"));
    }
}
