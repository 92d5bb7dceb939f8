package dev.fling.stream;

import java.time.Instant;

/**
 * One record of the events topic as the streams see it: where it is (partition, offset), its key
 * (the job's name; null for a rejection that names no job), the CloudEvent's id and type, the
 * record's timestamp, and the event in structured mode (one line of JSON), made once for every
 * stream that sends it.
 */
record StreamEvent(int partition, long offset, String job, String id, String type, Instant timestamp,
        byte[] json) {}
