package org.letterbox.server.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A broker user as written on the command line or in the config file: {@code NAME:PASSWORD}. The name
 * ends at the first colon, so a password may contain colons; neither part may be empty.
 */
record UserCredential(String name, String password) {

    static final String FORM = "NAME:PASSWORD";

    /**
     * @throws IllegalArgumentException if the text is not {@code NAME:PASSWORD}; the message says why and
     *                                  never contains the password
     */
    static UserCredential parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("expected " + FORM + " (no ':' found)");
        }
        String name = text.substring(0, colon).strip();
        String password = text.substring(colon + 1);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("expected " + FORM + " but the user name is empty");
        }
        if (password.isEmpty()) {
            throw new IllegalArgumentException("expected " + FORM + " but the password of user '" + name + "' is empty");
        }
        return new UserCredential(name, password);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return name + ":***";
    }

    /** picocli converter for {@code --user}: a bad form is a usage error (exit 2). */
    static final class Converter implements ITypeConverter<UserCredential> {
        @Override
        public UserCredential convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
