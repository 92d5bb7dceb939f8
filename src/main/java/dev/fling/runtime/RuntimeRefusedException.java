package dev.fling.runtime;

/** The runtime answered that this request can never succeed as asked (e.g. a missing namespace). */
public class RuntimeRefusedException extends RuntimeException {
    public RuntimeRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
