package dev.fling.runtime.operator;

import java.util.HexFormat;

/**
 * Maps Fling's savepoint triggers (10 hex digits of the request key) to the operator's
 * {@code savepointTriggerNonce} (a number) and back, so a savepoint is matched to its request.
 */
final class SavepointTriggers {

    private static final int DIGITS = 10;

    private SavepointTriggers() {}

    static long toNonce(String trigger) {
        return HexFormat.fromHexDigitsToLong(trigger);
    }

    static String toTrigger(long nonce) {
        String hex = Long.toHexString(nonce);
        return hex.length() >= DIGITS ? hex : "0".repeat(DIGITS - hex.length()) + hex;
    }
}
