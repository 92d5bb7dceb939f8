package dev.fling.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.fling.testing.Requests;
import io.cloudevents.CloudEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code fling.http.auth.mode=token}: HTTP callers present one of the configured bearer tokens. */
@QuarkusTest
@TestProfile(SharedTokenAuthIT.WithTokens.class)
class SharedTokenAuthIT extends WithRequestsAndEvents {

    public static class WithTokens implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("fling.http.auth.mode", "token", "fling.http.auth.tokens", "old-secret,new-secret");
        }
    }

    private static String launch(String name) {
        return Requests.structured(Requests.launch(Requests.launchData("name", name)));
    }

    @Test
    void aRequestWithoutATokenIs401AndSaysHowToAuthenticate() {
        given().contentType("application/cloudevents+json").body(launch("anonymous")).post("/")
                .then().statusCode(401)
                .header("WWW-Authenticate", "Bearer realm=\"fling\"")
                .body(containsString("bearer token"));
        given().header("Authorization", "Basic dXNlcjpwYXNz").get("/jobs").then().statusCode(401);
    }

    @Test
    void aWrongTokenIs401AndNothingHappens() {
        CloudEvent launch = Requests.launch(Requests.launchData("name", "intruder"));
        given().auth().oauth2("guessed").contentType("application/cloudevents+json")
                .body(Requests.structured(launch)).post("/")
                .then().statusCode(401).body(containsString("not a configured one"));

        given().auth().oauth2("new-secret").get("/jobs/{name}", Requests.jobName(launch, "intruder"))
                .then().statusCode(404);
    }

    @Test
    void eitherConfiguredTokenSendsRequestsAndQueriesJobs() {
        CloudEvent launch = Requests.launch(Requests.launchData("name", "trusted"));
        given().auth().oauth2("old-secret").contentType("application/cloudevents+json")
                .body(Requests.structured(launch)).post("/").then().statusCode(202);
        String job = Requests.jobName(launch, "trusted");
        events.await(job, "dev.fling.job.accepted");

        given().auth().oauth2("new-secret").get("/jobs/{name}", job).then().statusCode(200).body("name", equalTo(job));
    }

    @Test
    void probesMetricsAndOpenApiNeedNoToken() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }
}
