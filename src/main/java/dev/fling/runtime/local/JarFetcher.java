package dev.fling.runtime.local;

import dev.fling.admission.JarSources;
import dev.fling.admission.SpecialAddresses;
import dev.fling.runtime.JobDefinition;
import dev.fling.runtime.RuntimeRefusedException;
import dev.fling.runtime.RuntimeUnavailableException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns a job's jarURI into a local file: a path, {@code file://} or {@code local://} is used as
 * it is, if it lies in an allowed directory once symbolic links and '..' are resolved
 * ({@code fling.local.allowed-jar-directories}); {@code http(s)://} is downloaded into the job's
 * directory, unless its host resolves to a loopback, link-local or metadata address that
 * {@code fling.policy.allowed-jar-hosts} does not name (admission saw only the name).
 */
final class JarFetcher {

    private final HttpClient http;
    private final List<String> allowedDirectories;
    private final List<String> allowedHosts;

    JarFetcher(HttpClient http, List<String> allowedDirectories, List<String> allowedHosts) {
        this.http = http;
        this.allowedDirectories = allowedDirectories;
        this.allowedHosts = allowedHosts;
    }

    /** Refuses (RuntimeRefusedException) a jar this machine may not read, without downloading it. */
    void check(String jarURI) {
        switch (scheme(jarURI)) {
            case "file", "local" -> localJar(jarURI);
            case "http", "https" -> checkResolvedHost(URI.create(jarURI));
            default -> throw unsupported(scheme(jarURI));
        }
    }

    /**
     * The same for a SQL script the runner reads: local files and http(s) hosts under the jars'
     * rules; other schemes are Flink's own file systems, which this machine does not serve.
     */
    void checkScript(String uri) {
        switch (scheme(uri)) {
            case "file", "local", "http", "https" -> check(uri);
            default -> { }
        }
    }

    /** Checks what a launch will fetch: its jar, or the script a SQL launch names (an inline script fetches nothing). */
    void checkSources(JobDefinition definition) {
        if (definition.sql() == null) {
            check(definition.jarURI());
        } else if (definition.sql().uri() != null) {
            checkScript(definition.sql().uri());
        }
    }

    Path fetch(String jarURI, Path jobDirectory) {
        String scheme = scheme(jarURI);
        return switch (scheme) {
            case "file", "local" -> localJar(jarURI);
            case "http", "https" -> {
                URI uri = URI.create(jarURI);
                checkResolvedHost(uri);
                yield download(uri, jobDirectory);
            }
            default -> throw unsupported(scheme);
        };
    }

    private Path localJar(String jarURI) {
        Path jar = Path.of(jarURI.startsWith("/") ? jarURI : URI.create(jarURI).getPath());
        Path real;
        try {
            real = jar.toRealPath();
        } catch (IOException e) {
            throw new RuntimeRefusedException("job jar " + jar + " does not exist on this machine", null);
        }
        if (!Files.isRegularFile(real)) {
            throw new RuntimeRefusedException("job jar " + jar + " is not a file", null);
        }
        Optional<String> outside = JarDirectories.outside(real, allowedDirectories);
        if (outside.isPresent()) {
            throw new RuntimeRefusedException(outside.get(), null);
        }
        return real;
    }

    private void checkResolvedHost(URI uri) {
        String host = uri.getHost();
        if (host == null || JarSources.hostViolation(host, allowedHosts).isEmpty() && isNamed(host)) {
            return;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                Optional<String> special = SpecialAddresses.of(address);
                if (special.isPresent()) {
                    throw new RuntimeRefusedException("jar host '" + host + "' resolves to " + address.getHostAddress()
                            + ", " + special.get() + "; allowed only when fling.policy.allowed-jar-hosts names it",
                            null);
                }
            }
        } catch (UnknownHostException e) {
            throw new RuntimeUnavailableException("cannot resolve the jar host " + host + ": " + e.getMessage(), e);
        }
    }

    /** Named in the policy exactly: its operator vouched for it, whatever it resolves to. */
    private boolean isNamed(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        return allowedHosts.stream().anyMatch(entry -> entry.toLowerCase(Locale.ROOT).equals(name));
    }

    private static String scheme(String jarURI) {
        return jarURI.startsWith("/") ? "file" : URI.create(jarURI).getScheme().toLowerCase(Locale.ROOT);
    }

    private static RuntimeRefusedException unsupported(String scheme) {
        return new RuntimeRefusedException("the local runtime cannot read jars from '" + scheme
                + "' URIs; use a path, file://, local:// or http(s)://", null);
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
