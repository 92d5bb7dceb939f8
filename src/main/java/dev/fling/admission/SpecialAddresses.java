package dev.fling.admission;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.Set;

/**
 * Addresses a jar or script must not be fetched from unless named: loopback, link-local,
 * unspecified and cloud metadata addresses, in any spelling ("127.1", "0x7f000001",
 * "[::ffff:127.0.0.1]", "localhost."). Pure: names are never resolved here.
 */
public final class SpecialAddresses {

    private static final Set<String> METADATA_NAMES = Set.of("metadata.google.internal", "metadata",
            "instance-data", "instance-data.ec2.internal", "metadata.azure.internal");

    private SpecialAddresses() {}

    /** What kind of special address this is (loopback, link-local, ...), or empty for an ordinary one. */
    public static Optional<String> of(InetAddress address) {
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

    /** What kind of special host this name or literal is (it is not resolved), or empty for an ordinary one. */
    static Optional<String> ofName(String name) {
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
                return of(InetAddress.getByName(name)); // an IPv6 literal: no lookup
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
}
