package dev.fling.bench;

import dev.fling.testing.Requests;
import io.cloudevents.CloudEvent;
import java.util.ArrayList;
import java.util.List;

/** A batch of launch requests and the job names Fling derives from them (prefix, then a hash of source and id). */
record Launches(List<String> jobs, List<CloudEvent> events) {

    static Launches of(String prefix, int count) {
        List<String> jobs = new ArrayList<>(count);
        List<CloudEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            CloudEvent launch = Requests.launch(Requests.launchData("name", prefix));
            events.add(launch);
            jobs.add(Requests.jobName(launch, prefix));
        }
        return new Launches(jobs, events);
    }

    int size() {
        return jobs.size();
    }
}
