package dev.fling.egress;

import java.util.concurrent.CompletionException;

/**
 * The broker did not take a record Fling wrote (a lifecycle event or a dead letter): the request
 * that caused it is to be tried again later, never refused. A write's future fails with it. It is
 * a {@link CompletionException} so that {@code join()} throws it as it is and every dependent
 * stage ({@code thenRun}, {@code allOf}) passes on the same instance: callers catch it by name,
 * and code that catches {@code CompletionException} around a join still catches it.
 */
public final class BrokerRefusedException extends CompletionException {

    private static final String MESSAGE = "the broker did not take the record";

    public BrokerRefusedException(Throwable cause) {
        super(cause == null ? MESSAGE : MESSAGE + ": " + cause, cause);
    }
}
