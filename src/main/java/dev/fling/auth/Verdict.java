package dev.fling.auth;

/** What became of a caller's credentials: let in, unknown (401), known but not allowed (403), or undecided (503). */
public record Verdict(Outcome outcome, String subject, String reason) {

    public enum Outcome {
        ALLOWED,
        UNAUTHENTICATED,
        FORBIDDEN,
        UNAVAILABLE
    }

    static Verdict allowed(String subject) {
        return new Verdict(Outcome.ALLOWED, subject, null);
    }

    static Verdict unauthenticated(String reason) {
        return new Verdict(Outcome.UNAUTHENTICATED, null, reason);
    }

    static Verdict forbidden(String subject) {
        return new Verdict(Outcome.FORBIDDEN, subject, subject + " is not among fling.http.auth.allowed-subjects");
    }

    static Verdict unavailable(String reason) {
        return new Verdict(Outcome.UNAVAILABLE, null, reason);
    }
}
