package dev.fling.events;

/** The facts Fling emits, by CloudEvent type. */
public enum EventType {
    ACCEPTED("dev.fling.job.accepted"),
    REJECTED("dev.fling.job.rejected"),
    PENDING("dev.fling.job.pending"),
    STARTED("dev.fling.job.started"),
    RESCALED("dev.fling.job.rescaled"),
    SAVEPOINT_COMPLETED("dev.fling.job.savepoint.completed"),
    SUCCEEDED("dev.fling.job.succeeded"),
    FAILED("dev.fling.job.failed"),
    CANCELLED("dev.fling.job.cancelled"),
    TIMED_OUT("dev.fling.job.timedout");

    private final String type;

    EventType(String type) {
        this.type = type;
    }

    /** The event type of that CloudEvent type name. */
    public static EventType of(String type) {
        for (EventType known : values()) {
            if (known.type.equals(type)) {
                return known;
            }
        }
        throw new IllegalArgumentException("not a Fling event type: " + type);
    }

    /** The constant string of a known type name (read from JSON, say); any other name as it is. */
    public static String canonical(String type) {
        for (EventType known : values()) {
            if (known.type.equals(type)) {
                return known.type;
            }
        }
        return type;
    }

    /** The CloudEvent {@code type} attribute. */
    public String type() {
        return type;
    }

    /** The last part of the type ("started", "savepoint.completed"), used in event ids and metrics. */
    public String transition() {
        return type.substring("dev.fling.job.".length());
    }

    /**
     * The id of this event about a job: fixed by (job, transition), so that consumers can drop
     * redeliveries. {@code occurrence} tells apart transitions of the same type; null for those that happen once.
     */
    public String idFor(String namespace, String job, String occurrence) {
        return namespace + "/" + job + "/" + transition() + (occurrence == null ? "" : "/" + occurrence);
    }

    /** The schema file in {@code events-schema/} that describes this event's data. */
    public String schemaFile() {
        return type + ".json";
    }
}
