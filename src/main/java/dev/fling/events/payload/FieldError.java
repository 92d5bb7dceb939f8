package dev.fling.events.payload;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One reason a request was refused, pointing at the field it concerns (JSON pointer). */
@RegisterForReflection
public record FieldError(String field, String message) {}
