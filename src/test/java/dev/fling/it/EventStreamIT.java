package dev.fling.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.testing.FlingProcess;
import dev.fling.testing.RequestSender;
import dev.fling.testing.Requests;
import dev.fling.testing.SseClient;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The event streams over HTTP, read with clients we did not write ({@code curl -N}, the JDK's
 * HttpClient, a raw socket), from the packaged Fling on the operator runtime, where the testing
 * operator drives each job's states. Token authentication is on; a small buffer and stream limit
 * make the slow reader and the 503 reachable.
 */
class EventStreamIT extends AgainstPackagedFling {

    private static final String TOKEN = "Authorization: Bearer sse-secret";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_STREAMS = 4;

    private FlingProcess fling;
    private RequestSender requests;

    @Override
    String prefix() {
        return "sse";
    }

    @Override
    Map<String, String> environment() {
        Map<String, String> environment = super.environment();
        environment.put("FLING_HTTP_AUTH_MODE", "token");
        environment.put("FLING_HTTP_AUTH_TOKENS", "sse-secret");
        environment.put("FLING_EVENT_STREAMS_BUFFER", "5");
        environment.put("FLING_EVENT_STREAMS_MAX_STREAMS", Integer.toString(MAX_STREAMS));
        environment.put("FLING_EVENT_STREAMS_KEEP_ALIVE", "1s");
        return environment;
    }

    @BeforeAll
    void startFling() throws IOException {
        kafka.createTopics(2, prefix() + ".restart.requests", prefix() + ".restart.events");
        requests = new RequestSender(kafka.bootstrapServers(), prefix() + ".requests");
        fling = FlingProcess.start("sse", environment());
        fling.awaitReady();
    }

    @AfterAll
    void stopFling() throws InterruptedException {
        fling.close();
        requests.close();
    }

    @Test
    void aJobsEventsArriveLiveInOrderAndTheStreamEndsAfterItsTerminalEvent() throws Exception {
        String job = launch("live");
        try (SseClient curl = SseClient.curl(uri(fling, "/jobs/" + job + "/events"), TOKEN)) {
            curl.await("dev.fling.job.started");
            assertThat(curl.ended()).isFalse();
            kubernetes.operator().finish(namespace, job);
            curl.await("dev.fling.job.succeeded");
            curl.awaitEnd();

            assertThat(curl.ids()).containsExactly(id(job, "accepted"), id(job, "started/1"), id(job, "succeeded"));
            assertTheSameAsOnTheTopic(curl.frames(), job);
            assertThat(curl.comments()).contains("events of job " + job);
            // The example in docs/http.md is this stream, as curl printed it.
            java.nio.file.Files.writeString(java.nio.file.Path.of("target", "event-stream-example.txt"), curl.text());
        }
    }

    @Test
    void lastEventIdResumesRightAfterItWithoutGapOrRepeat() throws Exception {
        String job = launch("resumed");
        try (SseClient first = SseClient.http(uri(fling, "/jobs/" + job + "/events"), TOKEN)) {
            first.await("dev.fling.job.started");
        }
        // Meanwhile, the job moves on: a rescale and its end happen while nobody reads.
        requests.sendBinary(Requests.rescale(job, 3));
        events.await(job, "dev.fling.job.rescaled");
        kubernetes.operator().finish(namespace, job);
        events.await(job, "dev.fling.job.succeeded");

        try (SseClient again = SseClient.http(uri(fling, "/jobs/" + job + "/events"), TOKEN,
                "Last-Event-ID: " + id(job, "started/1"))) {
            again.awaitEnd();
            List<String> after = idsOnTheTopicAfter(job, id(job, "started/1"));
            assertThat(after).contains(id(job, "succeeded")).doesNotContain(id(job, "started/1"));
            assertThat(again.ids()).containsExactlyElementsOf(after);
        }
        try (SseClient byParameter = SseClient.curl(uri(fling, "/jobs/" + job + "/events?lastEventId="
                + id(job, "accepted")), TOKEN)) {
            byParameter.awaitEnd();
            assertThat(byParameter.ids()).containsExactlyElementsOf(idsOnTheTopicAfter(job, id(job, "accepted")));
        }
        try (SseClient unknown = SseClient.http(uri(fling, "/jobs/" + job + "/events"), TOKEN,
                "Last-Event-ID: no-such-id")) {
            unknown.awaitEnd();
            assertThat(unknown.comments()).anyMatch(c -> c.contains("never had an event with id no-such-id"));
            assertThat(unknown.ids()).containsExactlyElementsOf(distinctIdsOnTheTopic(job));
        }
    }

    @Test
    void aJobThatHasEndedGetsItsHistoryAndTheStreamCloses() throws Exception {
        String job = launch("ended");
        kubernetes.operator().fail(namespace, job, "java.lang.IllegalStateException: boom");
        events.await(job, "dev.fling.job.failed");
        try (SseClient curl = SseClient.curl(uri(fling, "/jobs/" + job + "/events"), TOKEN)) {
            curl.awaitEnd();
            assertThat(curl.ids()).containsExactlyElementsOf(distinctIdsOnTheTopic(job));
            assertThat(curl.frames().get(curl.frames().size() - 1).event()).isEqualTo("dev.fling.job.failed");
            assertTheSameAsOnTheTopic(curl.frames(), job);
        }
        try (SseClient resumedAtTheEnd = SseClient.http(uri(fling, "/jobs/" + job + "/events"), TOKEN,
                "Last-Event-ID: " + id(job, "failed"))) {
            resumedAtTheEnd.awaitEnd();
            assertThat(resumedAtTheEnd.frames()).isEmpty();
        }
    }

    @Test
    void anUnknownJobIs404WithTheReason() throws Exception {
        try (SseClient unknown = SseClient.http(uri(fling, "/jobs/fling-0000000000/events"), TOKEN)) {
            unknown.awaitEnd();
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(JSON.readTree(unknown.text()).path("error").asText()).isEqualTo("no job named 'fling-0000000000'");
        }
    }

    @Test
    void everyJobsStreamFiltersByTypeAndLabelAndResumesAfterAnId() throws Exception {
        String wanted;
        String other;
        try (SseClient all = SseClient.http(uri(fling, "/events?type=started&type=succeeded&label=flow=nightly"), TOKEN);
                SseClient byJob = SseClient.curl(uri(fling, "/events"), TOKEN)) {
            Awaitility.await("both streams are open").atMost(Duration.ofSeconds(10))
                    .until(() -> !all.comments().isEmpty() && !byJob.comments().isEmpty());
            wanted = launch("nightly", Map.of("flow", "nightly"));
            other = launch("hourly", Map.of("flow", "hourly"));
            kubernetes.operator().finish(namespace, other);
            kubernetes.operator().finish(namespace, wanted);
            events.await(other, "dev.fling.job.succeeded");
            all.await("dev.fling.job.succeeded");
            byJob.await("dev.fling.job.succeeded");
            Awaitility.await("every event of both jobs on the unfiltered stream").atMost(Duration.ofSeconds(10))
                    .until(() -> byJob.ids().containsAll(distinctIdsOnTheTopic(other)));

            assertThat(all.ids()).containsExactly(id(wanted, "started/1"), id(wanted, "succeeded"));
            assertThat(byJob.ids()).containsSubsequence(distinctIdsOnTheTopic(wanted))
                    .containsSubsequence(distinctIdsOnTheTopic(other));
        }
        // Resumed after the wanted job's start: its end comes, and every other event after that point.
        try (SseClient resumed = SseClient.http(uri(fling, "/events?job=" + wanted), TOKEN,
                "Last-Event-ID: " + id(wanted, "started/1"))) {
            resumed.await("dev.fling.job.succeeded");
            assertThat(resumed.comments()).contains("resuming after " + id(wanted, "started/1"));
            assertThat(resumed.ids()).containsExactly(id(wanted, "succeeded"));
        }
        try (SseClient badFilter = SseClient.http(uri(fling, "/events?type=exploded"), TOKEN)) {
            badFilter.awaitEnd();
            assertThat(badFilter.status()).isEqualTo(400);
            assertThat(badFilter.text()).contains("unknown event type 'exploded'");
        }
    }

    @Test
    void aClientThatReadsTooSlowlyIsCutOffAndCounted() throws Exception {
        double before = cutOffs();
        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new java.net.InetSocketAddress("localhost", fling.baseUri().getPort()));
            OutputStream out = stalled.getOutputStream();
            out.write(("GET /events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n" + TOKEN
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = stalled.getInputStream();
            byte[] head = new byte[64];
            assertThat(new String(head, 0, in.read(head), StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200");
            // Another instance's events, as many as a busy topic carries: far more than the socket
            // buffers and the stream's buffer of 5 hold while this client reads nothing.
            try (RequestSender topic = new RequestSender(kafka.bootstrapServers(), prefix() + ".events")) {
                String path = "s3://bucket/" + "x".repeat(16 * 1024);
                for (int i = 0; i < 600 && (i % 50 != 0 || cutOffs() == before); i++) {
                    topic.sendStructured(savepointEvent("burst-job", path));
                }
            }
            Awaitility.await("the stream is cut off and counted").atMost(Duration.ofSeconds(30))
                    .until(() -> cutOffs() > before);
            // What the client still finds in its buffers, then the end of the connection.
            stalled.setSoTimeout(30_000);
            byte[] rest = new byte[64 * 1024];
            while (true) {
                int read;
                try {
                    read = in.read(rest);
                } catch (java.net.SocketException reset) {
                    break;
                }
                if (read < 0) {
                    break;
                }
            }
        }
        // A client cut off comes back: the stream limit was given back.
        try (SseClient again = SseClient.http(uri(fling, "/events?job=burst-job"), TOKEN)) {
            Awaitility.await("the stream opens").atMost(Duration.ofSeconds(10)).until(() -> !again.comments().isEmpty());
            assertThat(again.status()).isEqualTo(200);
        }
    }

    @Test
    void beyondMaxStreamsIs503WithRetryAfter() throws Exception {
        Awaitility.await("the other tests' streams are closed").atMost(Duration.ofSeconds(10))
                .until(() -> openStreams() == 0);
        List<SseClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_STREAMS; i++) {
                SseClient stream = SseClient.http(uri(fling, "/events"), TOKEN);
                open.add(stream);
                assertThat(stream.status()).isEqualTo(200);
            }
            try (SseClient refused = SseClient.http(uri(fling, "/events"), TOKEN)) {
                refused.awaitEnd();
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.header("Retry-After")).isEqualTo("5");
                assertThat(refused.text()).contains("event streams already");
            }
            open.remove(0).close();
            Awaitility.await("a stream is given back once its client leaves").atMost(Duration.ofSeconds(10))
                    .until(() -> {
                        try (SseClient next = SseClient.http(uri(fling, "/events"), TOKEN)) {
                            return next.status() == 200;
                        }
                    });
        } finally {
            for (SseClient stream : open) {
                stream.close();
            }
        }
    }

    @Test
    void whenTheBrokerCannotBeReachedAStreamIs503WithRetryAfter() throws Exception {
        Map<String, String> unreachable = environment();
        unreachable.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1");
        try (FlingProcess cutOff = FlingProcess.start("sse-no-broker", unreachable)) {
            Awaitility.await("Fling answers its liveness probe").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200)).until(() -> cutOff.status("/q/health/live") == 200);
            try (SseClient refused = SseClient.http(uri(cutOff, "/events"), TOKEN)) {
                refused.awaitEnd();
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.header("Retry-After")).isEqualTo("5");
                assertThat(JSON.readTree(refused.text()).path("error").asText())
                        .startsWith("cannot read the events topic now");
            }
        }
    }

    @Test
    void anIdleStreamGetsKeepAliveComments() throws Exception {
        try (SseClient idle = SseClient.curl(uri(fling, "/events?job=nobody"), TOKEN)) {
            Awaitility.await("a keep-alive comment").atMost(Duration.ofSeconds(10))
                    .until(() -> idle.comments().contains("keep-alive"));
            assertThat(idle.frames()).isEmpty();
        }
    }

    @Test
    void withoutTheTokenBothStreamsAre401() throws Exception {
        for (String path : List.of("/events", "/jobs/fling-0000000000/events")) {
            try (SseClient anonymous = SseClient.http(uri(fling, path))) {
                anonymous.awaitEnd();
                assertThat(anonymous.status()).as(path).isEqualTo(401);
            }
        }
    }

    @Test
    void openApiDescribesBothStreams() throws Exception {
        JsonNode openapi = JSON.readTree(fling.get("/q/openapi?format=json").body());
        JsonNode job = openapi.path("paths").path("/jobs/{name}/events").path("get");
        assertThat(job.path("responses").has("404")).isTrue();
        assertThat(job.path("responses").has("503")).isTrue();
        assertThat(job.path("responses").path("200").path("content").has("text/event-stream")).isTrue();
        assertThat(job.path("parameters").findValuesAsText("name")).contains("name", "Last-Event-ID", "lastEventId");
        JsonNode all = openapi.path("paths").path("/events").path("get");
        assertThat(all.path("parameters").findValuesAsText("name"))
                .contains("job", "type", "label", "source", "Last-Event-ID", "lastEventId");
        assertThat(all.path("responses").has("503")).isTrue();
    }

    @Test
    void nothingIsLostAcrossARestart() throws Exception {
        Map<String, String> environment = environment();
        environment.put("FLING_EVENTS_TOPIC", prefix() + ".restart.events");
        environment.put("FLING_REQUESTS_TOPIC", prefix() + ".restart.requests");
        environment.put("FLING_CONSUMER_GROUP", prefix() + "-restart-it");
        // Its own namespace too: the Fling of the other tests must not follow (and report) this job.
        String restartNamespace = prefix() + "-restart-it";
        environment.put("FLING_POLICY_ALLOWED_NAMESPACES", restartNamespace);
        environment.put("FLING_DEFAULTS_NAMESPACE", restartNamespace);
        try (RequestSender restartRequests = new RequestSender(kafka.bootstrapServers(), prefix() + ".restart.requests");
                var restartEvents = new dev.fling.testing.EventLog(kafka.bootstrapServers(), prefix() + ".restart.events")) {
            try (FlingProcess first = FlingProcess.start("sse-restart-first", environment)) {
                restartAndResume(first, environment, restartRequests, restartEvents, restartNamespace);
            }
        }
    }

    /** The first Fling streams the job, dies, the job ends meanwhile, a second Fling resumes the stream. */
    private void restartAndResume(FlingProcess first, Map<String, String> environment, RequestSender restartRequests,
            dev.fling.testing.EventLog restartEvents, String restartNamespace) throws Exception {
        first.awaitReady();
        CloudEvent launch = Requests.launch(Requests.launchData("name", "survivor"));
        String job = Requests.jobName(launch, "survivor");
        restartRequests.sendBinary(launch);
        restartEvents.await(job, "dev.fling.job.started");
        String lastSeen;
        try (SseClient before = SseClient.curl(uri(first, "/jobs/" + job + "/events"), TOKEN)) {
            lastSeen = before.await("dev.fling.job.started").id();
            first.kill();
            before.awaitEnd();
        }
        kubernetes.operator().finish(restartNamespace, job); // happens while no Fling runs
        try (FlingProcess second = FlingProcess.start("sse-restart-second", environment)) {
            second.awaitReady();
            Awaitility.await("the restarted Fling knows the job").atMost(Duration.ofSeconds(30))
                    .until(() -> status(second, "/jobs/" + job) == 200);
            try (SseClient after = SseClient.http(uri(second, "/jobs/" + job + "/events"), TOKEN,
                    "Last-Event-ID: " + lastSeen)) {
                after.awaitEnd();
                assertThat(after.status()).isEqualTo(200);
                assertThat(after.ids()).as("comments %s, on the topic %s", after.comments(),
                        restartEvents.forJob(job).stream().map(CloudEvent::getId).toList())
                        .containsExactly(restartNamespace + "/" + job + "/succeeded");
            }
        }
    }

    // ---- helpers ----

    private String launch(String name) {
        return launch(name, Map.of());
    }

    /** Launches over Kafka and waits until the job runs and this Fling answers for it. */
    private String launch(String name, Map<String, String> labels) {
        CloudEvent launch = Requests.launch(Requests.launchData("name", name, "labels", labels));
        requests.sendBinary(launch);
        String job = Requests.jobName(launch, name);
        events.await(job, "dev.fling.job.started");
        return job;
    }

    private String id(String job, String transition) {
        return namespace + "/" + job + "/" + transition;
    }

    private static URI uri(FlingProcess process, String path) {
        return process.baseUri().resolve(path);
    }

    private List<String> distinctIdsOnTheTopic(String job) {
        return events.forJob(job).stream().map(CloudEvent::getId).distinct().toList();
    }

    private List<String> idsOnTheTopicAfter(String job, String id) {
        List<String> all = distinctIdsOnTheTopic(job);
        return all.subList(all.indexOf(id) + 1, all.size());
    }

    /** Each frame's data is the event a consumer of the topic got, and its id and type are the event's. */
    private void assertTheSameAsOnTheTopic(List<SseClient.Frame> frames, String job) throws IOException {
        List<CloudEvent> onTopic = events.forJob(job);
        for (SseClient.Frame frame : frames) {
            CloudEvent event = onTopic.stream().filter(e -> e.getId().equals(frame.id())).findFirst().orElseThrow();
            JsonNode data = JSON.readTree(frame.data());
            assertThat(frame.event()).isEqualTo(event.getType());
            assertThat(data.path("id").asText()).isEqualTo(event.getId());
            assertThat(data.path("type").asText()).isEqualTo(event.getType());
            assertThat(data.path("subject").asText()).isEqualTo(job);
            assertThat(data.path("specversion").asText()).isEqualTo("1.0");
            assertThat(data.path("correlationid").asText()).isEqualTo(event.getExtension("correlationid"));
            assertThat(data.path("data")).isEqualTo(JSON.readTree(event.getData().toBytes()));
        }
    }

    private static int status(FlingProcess process, String path) throws IOException, InterruptedException {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(uri(process, path))
                .header("Authorization", TOKEN.substring(TOKEN.indexOf(':') + 1).trim()).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private double openStreams() {
        return metric("fling_event_streams_open");
    }

    private double cutOffs() {
        return metric("fling_event_streams_cut_total");
    }

    private double metric(String name) {
        String metrics = fling.get("/q/metrics").body();
        return metrics.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static CloudEvent savepointEvent(String job, String path) {
        return CloudEventBuilder.v1().withId("burst/" + UUID.randomUUID()).withSource(URI.create("/another/instance"))
                .withType("dev.fling.job.savepoint.completed").withSubject(job)
                .withDataSchema(URI.create("https://fling.dev/events-schema/dev.fling.job.savepoint.completed.json"))
                .withDataContentType("application/json")
                .withData(Requests.json(Map.of("job", job, "path", path))).build();
    }
}
