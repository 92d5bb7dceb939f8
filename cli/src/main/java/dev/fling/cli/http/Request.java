package dev.fling.cli.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * One request to Fling as a CloudEvent: its type ({@code dev.fling.job.launch}, ...), its id and
 * source (which name the job of a launch), extension attributes such as {@code correlationid},
 * and its data.
 */
public record Request(String type, String id, String source, Map<String, String> extensions, ObjectNode data) {

    /** The request's type without the {@code dev.fling.job.} prefix: launch, rescale, savepoint, cancel. */
    public String shortType() {
        return type.substring(type.lastIndexOf('.') + 1);
    }
}
