package dev.fling.egress;

import org.apache.kafka.common.header.Header;

/**
 * A request exactly as it arrived, with where it came from, for the dead-letter topic. For HTTP
 * the "topic" names the endpoint and partition and offset are -1.
 */
public record RawRequest(String topic, int partition, long offset, byte[] key, byte[] value, Iterable<Header> headers) {

    /** A stable name for this delivery, the same on every redelivery. */
    public String origin() {
        return topic + "/" + partition + "/" + offset;
    }
}
