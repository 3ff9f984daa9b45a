package org.letterbox.server.cli;

/** A configuration problem; the message names the file, the key and what is wrong. */
final class ConfigException extends Exception {
    private final String key;

    ConfigException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The offending key, or null when the problem is the file itself. */
    String key() {
        return key;
    }
}
