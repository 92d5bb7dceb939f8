package dev.fling.runtime.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.runtime.rest.FlinkRestClient;
import java.net.URI;
import java.net.http.HttpClient;

/** REST clients of the local clusters' JobManagers: all on localhost, sharing one HTTP client. */
final class ClusterRest {

    private final HttpClient http;
    private final ObjectMapper mapper;

    ClusterRest(HttpClient http, ObjectMapper mapper) {
        this.http = http;
        this.mapper = mapper;
    }

    FlinkRestClient of(LocalJob job) {
        return at(job.cluster.restPort);
    }

    FlinkRestClient at(int port) {
        return new FlinkRestClient(URI.create("http://localhost:" + port), http, mapper);
    }
}
