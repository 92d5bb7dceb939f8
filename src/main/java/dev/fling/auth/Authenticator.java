package dev.fling.auth;

/** Decides on a bearer token. One implementation per {@code fling.http.auth.mode}. */
public interface Authenticator {

    Verdict check(String bearerToken);
}
