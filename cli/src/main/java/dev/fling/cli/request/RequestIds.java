package dev.fling.cli.request;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The id a request is sent with. Fling names a launched job after (source, id) and treats a
 * request sent again with the same id as the same request, so a step that its engine retries must
 * send the same id: the step's {@link RunIdentity}, the request's type, and a digest of its data
 * (so that two different launches in one step stay two jobs, while a retry, which sends the
 * same data, finds its job).
 */
public final class RequestIds {

    private RequestIds() {}

    /** The id derived from the engine's run of this step, if the environment names one. */
    public static Optional<String> derived(Optional<String> runIdentity, String requestType, JsonNode data) {
        return runIdentity.map(run -> run + "/" + requestType + "/" + digest(data.toString()));
    }

    static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
