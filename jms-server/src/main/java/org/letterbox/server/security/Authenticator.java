package org.letterbox.server.security;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Who may connect. With no users configured anyone may; once users exist a connection must name one with
 * the right password, or come with no user at all when anonymous access is allowed.
 */
public final class Authenticator {
    private final Map<String, String> passwords;
    private final boolean allowAnonymous;

    public Authenticator(Map<String, String> passwords, boolean allowAnonymous) {
        this.passwords = Map.copyOf(passwords);
        this.allowAnonymous = allowAnonymous;
    }

    public boolean authenticate(String user, String password) {
        if (passwords.isEmpty()) {
            return true;
        }
        if (user == null) {
            return allowAnonymous;
        }
        String expected = passwords.get(user);
        return expected != null && password != null
                && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8));
    }
}
