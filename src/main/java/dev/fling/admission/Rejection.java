package dev.fling.admission;

import dev.fling.events.payload.FieldError;
import dev.fling.events.payload.RejectionReason;
import java.util.List;

/** Why a request is refused, field by field; becomes a {@code rejected} event and a dead letter. */
public record Rejection(RejectionReason reason, String message, List<FieldError> errors, String job) {

    public Rejection {
        errors = List.copyOf(errors);
    }

    public static Rejection of(RejectionReason reason, String message) {
        return new Rejection(reason, message, List.of(), null);
    }

    public Rejection forJob(String name) {
        return new Rejection(reason, message, errors, name);
    }
}
