package dev.fling.events.payload;

/** One reason a request was refused, pointing at the field it concerns (JSON pointer). */
public record FieldError(String field, String message) {}
