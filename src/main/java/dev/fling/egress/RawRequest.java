package dev.fling.egress;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.kafka.common.header.Header;

/**
 * A request exactly as it arrived, with where it came from, for the dead-letter topic. For HTTP
 * the "topic" names the endpoint and partition and offset are -1.
 */
public record RawRequest(String topic, int partition, long offset, byte[] key, byte[] value, Iterable<Header> headers) {

    /** The HTTP ingress's topic name, for dead letters that came over HTTP. */
    public static final String HTTP = "http";

    /** A request that came over HTTP: no partition or offset; its body identifies it. */
    public static RawRequest http(byte[] body, Iterable<Header> headers) {
        return new RawRequest(HTTP, -1, -1, null, body, headers);
    }

    /** A stable name for this delivery, the same on every redelivery. */
    public String origin() {
        return partition < 0 ? topic + "/" + digest(value) : topic + "/" + partition + "/" + offset;
    }

    private static String digest(byte[] bytes) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes == null ? new byte[0] : bytes);
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
