package dev.fling.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fling.runtime.operator.model.FlinkDeployment;
import dev.fling.testing.EventLog;
import dev.fling.testing.FlingProcess;
import dev.fling.testing.KafkaBroker;
import dev.fling.testing.MockKubernetes;
import dev.fling.testing.RequestSender;
import dev.fling.testing.Requests;
import dev.fling.testing.TcpProxy;
import io.cloudevents.CloudEvent;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes API goes away while a launch arrives: the request is neither lost nor
 * rejected; it waits, readiness says why, and it is applied once the API is back. A watch whose
 * connection goes silent is noticed and opened again.
 */
class KubernetesOutageIT {

    private static final String NAMESPACE = "outage-it";

    @Test
    void launchArrivingDuringAnApiOutageIsAppliedWhenTheApiIsBack() throws Exception {
        KafkaBroker kafka = KafkaBroker.shared();
        MockKubernetes kubernetes = MockKubernetes.shared();
        kafka.createTopics(1, "outage.requests", "outage.events", "outage.dlq");
        try (TcpProxy api = new TcpProxy(URI.create(kubernetes.url()));
                EventLog events = new EventLog(kafka.bootstrapServers(), "outage.events");
                EventLog.Raw deadLetters = new EventLog.Raw(kafka.bootstrapServers(), "outage.dlq");
                RequestSender requests = new RequestSender(kafka.bootstrapServers(), "outage.requests")) {
            api.restore();
            try (FlingProcess fling = FlingProcess.start("outage",
                    FlingProcess.operatorEnvironment(kafka, api.url(), "outage", NAMESPACE))) {
                fling.awaitReady();

                api.cut();
                CloudEvent launch = Requests.launch(Requests.launchData("name", "patient"));
                String job = Requests.jobName(launch, "patient");
                requests.sendBinary(launch);

                Awaitility.await("readiness reports the API").atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                        assertThat(fling.get("/q/health/ready").body()).contains("cannot list FlinkDeployments"));
                assertThat(events.forJob(job)).as("nothing decided while the API is away").isEmpty();
                CloudEvent overHttp = Requests.launch(Requests.launchData("name", "knative"));
                var refused = fling.post("/", "application/cloudevents+json", Requests.structured(overHttp));
                assertThat(refused.statusCode()).as("Knative retries a 503").isEqualTo(503);
                assertThat(refused.headers().firstValue("Retry-After")).isPresent();
                assertThat(events.records()).noneMatch(r -> launch.getId().equals(r.value().getExtension("flingrequestid")));

                api.restore();
                events.await(job, "dev.fling.job.accepted");
                events.await(job, "dev.fling.job.started");
                assertThat(kubernetes.client().resources(FlinkDeployment.class).inNamespace(NAMESPACE)
                        .withName(job).get()).isNotNull();
                assertThat(fling.isAlive()).isTrue();
            }
        }
    }

    @Test
    void aWatchThatWentSilentIsOpenedAgainWhenItDoesNotEchoFlingsOwnWrite() throws Exception {
        KafkaBroker kafka = KafkaBroker.shared();
        MockKubernetes kubernetes = MockKubernetes.shared();
        kafka.createTopics(1, "silent.requests", "silent.events", "silent.dlq");
        try (TcpProxy api = new TcpProxy(URI.create(kubernetes.url()));
                EventLog events = new EventLog(kafka.bootstrapServers(), "silent.events");
                RequestSender requests = new RequestSender(kafka.bootstrapServers(), "silent.requests")) {
            api.restore();
            Map<String, String> environment = FlingProcess.operatorEnvironment(kafka, api.url(), "silent", NAMESPACE);
            environment.put("FLING_OPERATOR_WATCH_ECHO_WITHIN", "5s");
            try (FlingProcess fling = FlingProcess.start("silent-watch", environment)) {
                fling.awaitReady();
                CloudEvent first = Requests.launch(Requests.launchData("name", "heard"));
                requests.sendBinary(first);
                events.await(Requests.jobName(first, "heard"), "dev.fling.job.started");

                assertThat(api.silenceOpenWatches()).as("Fling's watches through the proxy").isPositive();
                CloudEvent second = Requests.launch(Requests.launchData("name", "unheard"));
                String job = Requests.jobName(second, "unheard");
                requests.sendBinary(second);
                events.await(job, "dev.fling.job.accepted");
                // The testing operator runs the job at once; only a watch opened again tells Fling
                // (the silenced one would be given up by the client 5 to 10 minutes later).
                events.awaitWithin(job, "dev.fling.job.started", Duration.ofSeconds(45));
                assertThat(Files.readString(fling.log())).contains("the watch of FlinkDeployments in " + NAMESPACE
                        + " delivered nothing for");
            }
        }
    }

    @Test
    void requestsBeyondTheInFlightLimitGet429WhileTheApiIsSlow() throws Exception {
        KafkaBroker kafka = KafkaBroker.shared();
        MockKubernetes kubernetes = MockKubernetes.shared();
        kafka.createTopics(1, "slow.requests", "slow.events", "slow.dlq");
        try (TcpProxy api = new TcpProxy(URI.create(kubernetes.url()))) {
            api.restore();
            try (FlingProcess fling = FlingProcess.start("slow-api",
                    withMaxInFlight(FlingProcess.operatorEnvironment(kafka, api.url(), "slow", NAMESPACE)))) {
                fling.awaitReady();

                api.stall();
                ExecutorService senders = Executors.newFixedThreadPool(4);
                List<CompletableFuture<HttpResponse<String>>> burst = IntStream.range(0, 4)
                        .mapToObj(i -> Requests.structured(Requests.launch(Requests.launchData("name", "burst" + i))))
                        .map(body -> CompletableFuture.supplyAsync(
                                () -> fling.post("/", "application/cloudevents+json", body), senders))
                        .toList();
                // One is let in and waits for the stalled API; the others are turned away at once.
                Awaitility.await("three of four requests are answered while the API is stalled")
                        .atMost(Duration.ofSeconds(20))
                        .until(() -> burst.stream().filter(CompletableFuture::isDone).count() >= 3);
                api.flow();
                List<HttpResponse<String>> answers = burst.stream().map(CompletableFuture::join).toList();
                senders.shutdown();

                assertThat(answers).filteredOn(a -> a.statusCode() == 429).as("Knative retries a 429").hasSize(3)
                        .allSatisfy(a -> assertThat(a.headers().firstValue("Retry-After")).contains("1"));
                assertThat(answers).filteredOn(a -> a.statusCode() != 429).extracting(HttpResponse::statusCode)
                        .singleElement().isIn(202, 503);
                CloudEvent after = Requests.launch(Requests.launchData("name", "after"));
                Awaitility.await("a slot is free again").atMost(Duration.ofSeconds(15)).until(() ->
                        fling.post("/", "application/cloudevents+json", Requests.structured(after)).statusCode() == 202);
            }
        }
    }

    private static Map<String, String> withMaxInFlight(Map<String, String> environment) {
        environment.put("FLING_HTTP_MAX_IN_FLIGHT", "1");
        return environment;
    }
}
