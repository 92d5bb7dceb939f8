package dev.fling.bench;

import dev.fling.testing.Requests;
import io.cloudevents.CloudEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A batch of launch requests and the job names Fling derives from them (prefix, then a hash of
 * source and id). Every job of a batch carries the label {@value #PHASE}={@code prefix}, so that
 * the batch can be deleted in one request once measured.
 */
record Launches(String prefix, List<String> jobs, List<CloudEvent> events) {

    static final String PHASE = "bench-phase";

    static Launches of(String prefix, int count) {
        List<String> jobs = new ArrayList<>(count);
        List<CloudEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            CloudEvent launch = Requests.launch(Requests.launchData("name", prefix, "labels", Map.of(PHASE, prefix)));
            events.add(launch);
            jobs.add(Requests.jobName(launch, prefix));
        }
        return new Launches(prefix, jobs, events);
    }

    int size() {
        return jobs.size();
    }
}
