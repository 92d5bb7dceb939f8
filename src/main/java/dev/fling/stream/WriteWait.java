package dev.fling.stream;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Waits on the request's thread for one write to a client, looking every second whether the
 * stream was stopped meanwhile (a client that does not read is cut off by the keep-alive check,
 * and its write never completes).
 */
final class WriteWait {

    enum Outcome { WRITTEN, STOPPED, FAILED }

    private WriteWait() {
    }

    static Outcome await(CompletableFuture<?> write, BooleanSupplier stopped) {
        while (true) {
            try {
                write.get(1, TimeUnit.SECONDS);
                return Outcome.WRITTEN;
            } catch (TimeoutException e) {
                if (stopped.getAsBoolean()) {
                    return Outcome.STOPPED;
                }
            } catch (ExecutionException e) {
                return Outcome.FAILED;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.FAILED;
            }
        }
    }
}
