package dev.fling.admission;

/** Carries a {@link Rejection} out of admission or dispatch to the one place that reports it. */
public class RequestRejectedException extends RuntimeException {

    private final transient Rejection rejection;

    public RequestRejectedException(Rejection rejection) {
        super(rejection.message(), null, false, false);
        this.rejection = rejection;
    }

    public Rejection rejection() {
        return rejection;
    }
}
