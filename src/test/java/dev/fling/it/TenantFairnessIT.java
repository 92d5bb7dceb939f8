package dev.fling.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fling.testing.EventLog;
import dev.fling.testing.FlingProcess;
import dev.fling.testing.RequestSender;
import dev.fling.testing.Requests;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Three tenants sharing a global limit of three running jobs on the operator runtime, with the
 * packaged build: a burst from one tenant takes the room that is free, but each place that frees
 * up goes to the tenants that run nothing before the burst gets another.
 */
class TenantFairnessIT extends AgainstPackagedFling {

    @Override
    String prefix() {
        return "fair";
    }

    @Override
    Map<String, String> environment() {
        Map<String, String> environment = super.environment();
        environment.put("FLING_QUOTA_MAX_RUNNING_JOBS", "3");
        for (String tenant : List.of("a", "b", "c")) {
            environment.put("FLING_TENANTS_TEAM" + tenant.toUpperCase() + "_SOURCES", "/team-" + tenant + "/*");
        }
        return environment;
    }

    @Test
    void aBurstFromOneTenantDoesNotDelayTheOthersBeyondTheirShare() throws Exception {
        try (FlingProcess fling = FlingProcess.start("fair", environment());
                RequestSender requests = new RequestSender(kafka.bootstrapServers(), prefix() + ".requests")) {
            fling.awaitReady();
            List<String> burst = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                burst.add(launch(requests, "/team-a/etl", "burst" + i));
            }
            for (String job : burst.subList(0, 3)) {
                events.await(job, "dev.fling.job.started");
            }
            for (String job : burst.subList(3, 6)) {
                events.await(job, "dev.fling.job.pending");
            }
            String b = launch(requests, "/team-b/etl", "b");
            String c = launch(requests, "/team-c/etl", "c");
            var bWaits = EventLog.data(events.await(b, "dev.fling.job.pending"));
            var cWaits = EventLog.data(events.await(c, "dev.fling.job.pending"));
            assertThat(bWaits.path("position").asInt()).as("b runs nothing: next, before the burst").isEqualTo(1);
            assertThat(cWaits.path("position").asInt()).isEqualTo(2);
            assertThat(bWaits.path("reason").asText()).isEqualTo("all tenants together: 3 of at most 3 jobs running");

            kubernetes.operator().finish(namespace, burst.get(0));
            events.await(b, "dev.fling.job.started");
            kubernetes.operator().finish(namespace, burst.get(1));
            events.await(c, "dev.fling.job.started");
            assertThat(burst.subList(3, 6)).as("the rest of the burst still waits").allSatisfy(job ->
                    assertThat(events.types(job)).doesNotContain("dev.fling.job.started"));

            kubernetes.operator().finish(namespace, burst.get(2));
            events.await(burst.get(3), "dev.fling.job.started");
            assertThat(events.types(burst.get(4))).doesNotContain("dev.fling.job.started");
            for (String job : List.of(b, c, burst.get(3))) {
                kubernetes.operator().finish(namespace, job);
            }
            events.await(burst.get(4), "dev.fling.job.started");
            events.await(burst.get(5), "dev.fling.job.started");
            for (String job : List.of(burst.get(4), burst.get(5))) {
                kubernetes.operator().finish(namespace, job);
                events.await(job, "dev.fling.job.succeeded");
            }
        }
    }

    /** Sends a launch and waits until it is accepted, so that the order of arrival is known. */
    private String launch(RequestSender requests, String source, String name) {
        CloudEvent launch = CloudEventBuilder.v1(Requests.launch(Requests.launchData("name", name)))
                .withSource(URI.create(source)).build();
        requests.sendBinary(launch);
        String job = Requests.jobName(launch, name);
        events.await(job, "dev.fling.job.accepted");
        return job;
    }
}
