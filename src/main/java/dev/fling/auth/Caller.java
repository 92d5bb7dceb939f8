package dev.fling.auth;

import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/** The authenticated caller of one HTTP request, as the resources see it: the subject a verdict named. */
record Caller(String subject, SecurityContext before) implements SecurityContext {

    @Override
    public Principal getUserPrincipal() {
        return () -> subject;
    }

    @Override
    public boolean isUserInRole(String role) {
        return false;
    }

    @Override
    public boolean isSecure() {
        return before != null && before.isSecure();
    }

    @Override
    public String getAuthenticationScheme() {
        return "Bearer";
    }
}
