package dev.fling.admission;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where a job jar may come from, beyond its scheme: no ".." segment in its path (encoded or not),
 * and an http(s) host within {@code fling.policy.allowed-jar-hosts}. Loopback, link-local,
 * unspecified and cloud metadata addresses, in any spelling ("127.1", "0x7f000001",
 * "[::ffff:127.0.0.1]", "localhost."), are refused unless the list names that host exactly.
 * Pure: names are not resolved here (the local runtime checks what they resolve to when it downloads).
 */
public final class JarSources {

    private static final Set<String> METADATA_NAMES = Set.of("metadata.google.internal", "metadata",
            "instance-data", "instance-data.ec2.internal", "metadata.azure.internal");

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
        Optional<String> special = specialName(name);
        if (special.isPresent()) {
            return Optional.of(kind.host + " '" + host + "' is " + special.get()
                    + "; allowed only when fling.policy.allowed-jar-hosts names it");
        }
        boolean allowed = allowedHosts.stream().map(JarSources::normalize).anyMatch(entry -> entry.equals("*")
                || (entry.startsWith("*.") && name.endsWith(entry.substring(1))));
        return allowed ? Optional.empty() : Optional.of(kind.host + " '" + host + "' is not allowed; allowed: "
                + String.join(", ", allowedHosts));
    }

    /** What kind of special address this is (loopback, link-local, ...), or empty for an ordinary one. */
    public static Optional<String> special(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address && isV4Embedded(bytes)) {
            return specialV4(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]});
        }
        if (address instanceof Inet4Address) {
            return specialV4(bytes);
        }
        if (address.isLoopbackAddress()) {
            return Optional.of("a loopback address");
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("the unspecified address");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("a link-local address");
        }
        if ((bytes[0] & 0xff) == 0xfd && (bytes[1] & 0xff) == 0x00 && (bytes[2] & 0xff) == 0x0e
                && (bytes[3] & 0xff) == 0xc2) {
            return Optional.of("a cloud metadata address");
        }
        return Optional.empty();
    }

    private static Optional<String> specialName(String name) {
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return Optional.of("a loopback address");
        }
        if (METADATA_NAMES.contains(name)) {
            return Optional.of("a cloud metadata address");
        }
        Optional<byte[]> v4 = inetAton(name);
        if (v4.isPresent()) {
            return specialV4(v4.get());
        }
        if (name.contains(":") && name.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            try {
                return special(InetAddress.getByName(name)); // an IPv6 literal: no lookup
            } catch (UnknownHostException e) {
                return Optional.of("not a valid address");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> specialV4(byte[] b) {
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if (first == 127) {
            return Optional.of("a loopback address");
        }
        if (first == 0) {
            return Optional.of("the unspecified address");
        }
        if ((first == 169 && second == 254 && (b[2] & 0xff) == 169 && (b[3] & 0xff) == 254)
                || (first == 169 && second == 254 && (b[2] & 0xff) == 170 && (b[3] & 0xff) == 2)
                || (first == 100 && second == 100 && (b[2] & 0xff) == 100 && (b[3] & 0xff) == 200)) {
            return Optional.of("a cloud metadata address");
        }
        if (first == 169 && second == 254) {
            return Optional.of("a link-local address");
        }
        return Optional.empty();
    }

    /** An IPv4 address in any form inet_aton reads: 1 to 4 parts, each decimal, octal (0...) or hex (0x...). */
    static Optional<byte[]> inetAton(String name) {
        String[] parts = name.split("\\.", -1);
        if (parts.length > 4) {
            return Optional.empty();
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            try {
                if (part.startsWith("0x") || part.startsWith("0X")) {
                    values[i] = part.length() == 2 ? 0 : Long.parseLong(part.substring(2), 16);
                } else if (part.length() > 1 && part.startsWith("0")) {
                    values[i] = Long.parseLong(part.substring(1), 8);
                } else {
                    values[i] = Long.parseLong(part);
                }
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            if (values[i] < 0) {
                return Optional.empty();
            }
        }
        long address = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (values[i] > 255) {
                return Optional.empty();
            }
            address |= values[i] << (24 - 8 * i);
        }
        long last = values[parts.length - 1];
        if (last >= 1L << (8 * (5 - parts.length))) {
            return Optional.empty();
        }
        address |= last;
        return Optional.of(new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8),
                (byte) address});
    }

    private static boolean isV4Embedded(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        boolean mapped = (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = b[10] == 0 && b[11] == 0 && ((b[12] | b[13] | b[14]) != 0 || (b[15] & 0xff) > 1);
        return mapped || compatible;
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
