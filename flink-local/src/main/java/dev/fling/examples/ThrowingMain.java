package dev.fling.examples;

/**
 * A program whose {@code main} throws before it builds a pipeline, so no Flink job ever exists:
 * the failure path of a launch that dies in the user's own code at start.
 */
public final class ThrowingMain {

    private ThrowingMain() {
    }

    /** Arguments: {@code [message]}; the failure reads "fling example refused to start: <message>". */
    public static void main(String[] args) {
        String message = args.length > 0 ? String.join(" ", args) : "default";
        throw new IllegalArgumentException("fling example refused to start: " + message);
    }
}
