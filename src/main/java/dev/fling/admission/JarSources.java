package dev.fling.admission;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a job jar may come from, beyond its scheme: no ".." segment in its path (encoded or not),
 * and an http(s) host within {@code fling.policy.allowed-jar-hosts}. Loopback, link-local,
 * unspecified and cloud metadata addresses, in any spelling ("127.1", "0x7f000001",
 * "[::ffff:127.0.0.1]", "localhost."), are refused unless the list names that host exactly.
 * Pure: names are not resolved here (the local runtime checks what they resolve to when it downloads).
 */
public final class JarSources {

    /** What is downloaded from a URI the rules apply to, as the messages name it. */
    public enum Kind {
        JAR("jar URI", "jar host", "the jar"),
        SQL_SCRIPT("SQL script URI", "host", "the script");

        private final String uri;
        private final String host;
        private final String file;

        Kind(String uri, String host, String file) {
            this.uri = uri;
            this.host = host;
            this.file = file;
        }
    }

    private JarSources() {}

    /** What is wrong with where the jar comes from, or empty when it may be read. */
    public static Optional<String> violation(String jarURI, List<String> allowedHosts) {
        return violation(Kind.JAR, jarURI, allowedHosts);
    }

    /** What is wrong with where a jar or script comes from, or empty when it may be read. */
    public static Optional<String> violation(Kind kind, String uri, List<String> allowedHosts) {
        if (hasParentSegment(uri)) {
            return Optional.of(kind.uri + " '" + uri + "' has a '..' segment; name " + kind.file + " by its own path");
        }
        String scheme = LaunchPolicy.jarScheme(uri);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.empty();
        }
        String host = host(uri);
        if (host.isEmpty()) {
            return Optional.of(kind.uri + " '" + uri + "' names no host");
        }
        return hostViolation(kind, host, allowedHosts);
    }

    /** Why this host may not be downloaded from, or empty when it may. */
    public static Optional<String> hostViolation(String host, List<String> allowedHosts) {
        return hostViolation(Kind.JAR, host, allowedHosts);
    }

    private static Optional<String> hostViolation(Kind kind, String host, List<String> allowedHosts) {
        String name = normalize(host);
        if (allowedHosts.stream().map(JarSources::normalize).anyMatch(name::equals)) {
            return Optional.empty();
        }
        Optional<String> special = SpecialAddresses.ofName(name);
        if (special.isPresent()) {
            return Optional.of(kind.host + " '" + host + "' is " + special.get()
                    + "; allowed only when fling.policy.allowed-jar-hosts names it");
        }
        boolean allowed = allowedHosts.stream().map(JarSources::normalize).anyMatch(entry -> entry.equals("*")
                || (entry.startsWith("*.") && name.endsWith(entry.substring(1))));
        return allowed ? Optional.empty() : Optional.of(kind.host + " '" + host + "' is not allowed; allowed: "
                + String.join(", ", allowedHosts));
    }

    private static String host(String jarURI) {
        String rest = jarURI.substring(jarURI.indexOf(':') + 1);
        if (!rest.startsWith("//")) {
            return "";
        }
        String authority = rest.substring(2).split("[/?#]", 2)[0];
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        if (authority.startsWith("[")) {
            int end = authority.indexOf(']');
            return end < 0 ? authority : authority.substring(0, end + 1);
        }
        int colon = authority.indexOf(':');
        return percentDecode(colon < 0 ? authority : authority.substring(0, colon));
    }

    private static String normalize(String host) {
        String name = host.toLowerCase(Locale.ROOT).trim();
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        while (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return name;
    }

    private static boolean hasParentSegment(String jarURI) {
        String path = jarURI;
        try {
            String raw = URI.create(jarURI).getRawPath();
            path = raw == null ? jarURI : raw;
        } catch (IllegalArgumentException e) {
            // not a URI: look at the text as it is
        }
        for (String segment : percentDecode(path).split("[/\\\\]")) {
            if (segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    private static String percentDecode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length && Character.digit(bytes[i + 1], 16) >= 0
                    && Character.digit(bytes[i + 2], 16) >= 0) {
                out.write(Character.digit(bytes[i + 1], 16) * 16 + Character.digit(bytes[i + 2], 16));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
