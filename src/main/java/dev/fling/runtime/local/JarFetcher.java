package dev.fling.runtime.local;

import dev.fling.runtime.RuntimeRefusedException;
import dev.fling.runtime.RuntimeUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Turns a job's jarURI into a local file: a path, {@code file://} or {@code local://} is used as
 * it is; {@code http(s)://} is downloaded into the job's directory.
 */
final class JarFetcher {

    private final HttpClient http;

    JarFetcher(HttpClient http) {
        this.http = http;
    }

    Path fetch(String jarURI, Path jobDirectory) {
        String scheme = jarURI.startsWith("/") ? "file" : URI.create(jarURI).getScheme().toLowerCase(Locale.ROOT);
        Path jar = switch (scheme) {
            case "file", "local" -> Path.of(jarURI.startsWith("/") ? jarURI : URI.create(jarURI).getPath());
            case "http", "https" -> download(URI.create(jarURI), jobDirectory);
            default -> throw new RuntimeRefusedException("the local runtime cannot read jars from '" + scheme
                    + "' URIs; use a path, file://, local:// or http(s)://", null);
        };
        if (!Files.isRegularFile(jar)) {
            throw new RuntimeRefusedException("job jar " + jar + " does not exist on this machine", null);
        }
        return jar;
    }

    private Path download(URI uri, Path jobDirectory) {
        Path target = jobDirectory.resolve("job.jar");
        try {
            Files.createDirectories(jobDirectory);
            HttpResponse<Path> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2)).build(),
                    HttpResponse.BodyHandlers.ofFile(target));
            if (response.statusCode() >= 400 && response.statusCode() < 500) {
                throw new RuntimeRefusedException("downloading " + uri + " answered " + response.statusCode(), null);
            }
            if (response.statusCode() >= 300) {
                throw new RuntimeUnavailableException("downloading " + uri + " answered " + response.statusCode(), null);
            }
            return target;
        } catch (IOException e) {
            throw new RuntimeUnavailableException("cannot download " + uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeUnavailableException("interrupted while downloading " + uri, e);
        }
    }
}
