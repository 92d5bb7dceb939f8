package dev.fling.events;

import java.util.Arrays;
import java.util.Optional;

/** The commands Fling consumes, by CloudEvent type. */
public enum RequestType {
    LAUNCH("dev.fling.job.launch", "launch"),
    RESCALE("dev.fling.job.rescale", "rescale"),
    CANCEL("dev.fling.job.cancel", "cancel"),
    SAVEPOINT("dev.fling.job.savepoint", "savepoint");

    private final String type;
    private final String shortName;

    RequestType(String type, String shortName) {
        this.type = type;
        this.shortName = shortName;
    }

    /** The CloudEvent {@code type} attribute. */
    public String type() {
        return type;
    }

    /** The name used in event data and metrics ("launch", "rescale", ...). */
    public String shortName() {
        return shortName;
    }

    /** The schema file in {@code events-schema/} that describes this request's data. */
    public String schemaFile() {
        return type + ".json";
    }

    public static Optional<RequestType> of(String type) {
        return Arrays.stream(values()).filter(t -> t.type.equals(type)).findFirst();
    }
}
