package dev.fling.runtime;

/** The runtime cannot be reached now; the same call may succeed later. */
public class RuntimeUnavailableException extends RuntimeException {
    public RuntimeUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
