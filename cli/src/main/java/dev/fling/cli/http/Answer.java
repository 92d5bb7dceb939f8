package dev.fling.cli.http;

import java.net.http.HttpHeaders;
import java.util.Optional;

/** What Fling answered to one HTTP request: status, headers, body. */
public record Answer(int status, HttpHeaders headers, String body) {

    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }
}
