package org.letterbox.ra;

import jakarta.resource.spi.ConnectionRequestInfo;

/**
 * The credentials an application passed to {@code createConnection(user, password)}; the pool keys physical
 * connections on them. A null user means "the factory's default credentials".
 */
public record LetterboxConnectionRequestInfo(String user, String password) implements ConnectionRequestInfo {

    /** The request for the factory's default credentials. */
    public static final LetterboxConnectionRequestInfo DEFAULT = new LetterboxConnectionRequestInfo(null, null);

    /** Never shows the password. */
    @Override
    public String toString() {
        return "LetterboxConnectionRequestInfo[user=" + user + "]";
    }
}
