package org.letterbox.server.cli;

/** A runtime failure whose message is fit to show the user as is (exit code 1). */
final class CliException extends RuntimeException {
    CliException(String message) {
        super(message);
    }

    CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
