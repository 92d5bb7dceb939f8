package dev.fling.runtime.rest;

import java.io.IOException;

/** The JobManager answered, with an error status. */
public class FlinkRestException extends IOException {

    private final int status;

    public FlinkRestException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
