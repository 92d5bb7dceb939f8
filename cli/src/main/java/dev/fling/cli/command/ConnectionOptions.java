package dev.fling.cli.command;

import dev.fling.cli.CliFailure;
import dev.fling.cli.Context;
import dev.fling.cli.ExitCode;
import dev.fling.cli.http.FlingClient;
import dev.fling.cli.output.Output;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where Fling is, how to prove who we are, how long to try to reach it, and how to print what it says. */
final class ConnectionOptions {

    static final String DEFAULT_URL = "http://localhost:8080";

    @Option(names = "--url", paramLabel = "URL", order = 100,
            description = "Fling's HTTP address (default: FLING_URL, else " + DEFAULT_URL + ").")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", order = 101,
            description = "Bearer token for Fling's token or token-review auth modes (default: FLING_TOKEN).")
    String token;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "2m", order = 102,
            converter = DurationConverter.class,
            description = "How long to keep trying while Fling is unreachable or busy (429, 503) (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", order = 103,
            description = "text (one line per event) or json (each event as its structured CloudEvent, one per line) "
                    + "(default: ${DEFAULT-VALUE}).")
    Output output;

    FlingClient client(Context context) {
        String address = Optional.ofNullable(url).or(() -> Optional.ofNullable(context.env().get("FLING_URL")))
                .filter(u -> !u.isBlank()).orElse(DEFAULT_URL);
        URI base;
        try {
            base = URI.create(address.endsWith("/") ? address : address + "/");
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCode.USAGE, "--url '" + address + "' is not a URL");
        }
        if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
            throw new CliFailure(ExitCode.USAGE, "--url '" + address + "' must start with http:// or https://");
        }
        Optional<String> bearer = Optional.ofNullable(token).or(() -> Optional.ofNullable(context.env().get("FLING_TOKEN")));
        return new FlingClient(base, bearer, connectTimeout, context.clock(), context.sleeper(), context.err());
    }
}
