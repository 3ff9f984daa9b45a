package org.letterbox.jms.message;

import org.junit.jupiter.params.provider.Arguments;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.letterbox.jms.message.ConversionTable.JmsType.*;

/**
 * The JMS conversion table written out independently of the implementation (spec 3.5.4 and 3.11.3):
 * a value written as the row type can be read as the column types listed, every other read is a
 * MessageFormatException.
 */
final class ConversionTable {
    enum JmsType { BOOLEAN, BYTE, SHORT, CHAR, INT, LONG, FLOAT, DOUBLE, STRING, BYTES }

    static final Map<JmsType, Set<JmsType>> READABLE_AS = Map.of(
            BOOLEAN, EnumSet.of(BOOLEAN, STRING),
            BYTE, EnumSet.of(BYTE, SHORT, INT, LONG, STRING),
            SHORT, EnumSet.of(SHORT, INT, LONG, STRING),
            CHAR, EnumSet.of(CHAR, STRING),
            INT, EnumSet.of(INT, LONG, STRING),
            LONG, EnumSet.of(LONG, STRING),
            FLOAT, EnumSet.of(FLOAT, DOUBLE, STRING),
            DOUBLE, EnumSet.of(DOUBLE, STRING),
            STRING, EnumSet.of(BOOLEAN, BYTE, SHORT, INT, LONG, FLOAT, DOUBLE, STRING),
            BYTES, EnumSet.of(BYTES));

    /** Properties have no char and no byte[]. */
    static final Set<JmsType> PROPERTY_TYPES = EnumSet.complementOf(EnumSet.of(CHAR, BYTES));

    private ConversionTable() {
    }

    static Object sample(JmsType type) {
        return switch (type) {
            case BOOLEAN -> true;
            case BYTE -> (byte) 12;
            case SHORT -> (short) 12;
            case CHAR -> 'c';
            case INT -> 12;
            case LONG -> 12L;
            case FLOAT -> 12.5f;
            case DOUBLE -> 12.5d;
            case STRING -> "12";
            case BYTES -> new byte[]{1, 2, 3};
        };
    }

    /** What reading {@code sample(written)} as {@code read} must return, for an allowed pair. */
    static Object expected(JmsType written, JmsType read) {
        Object sample = sample(written);
        if (read == written) {
            return sample;
        }
        if (read == STRING) {
            return String.valueOf(sample);
        }
        if (written == STRING) {
            return switch (read) {
                case BOOLEAN -> Boolean.valueOf((String) sample);
                case BYTE -> Byte.valueOf((String) sample);
                case SHORT -> Short.valueOf((String) sample);
                case INT -> Integer.valueOf((String) sample);
                case LONG -> Long.valueOf((String) sample);
                case FLOAT -> Float.valueOf((String) sample);
                case DOUBLE -> Double.valueOf((String) sample);
                default -> throw new AssertionError(read);
            };
        }
        Number number = (Number) sample;
        return switch (read) {
            case SHORT -> number.shortValue();
            case INT -> number.intValue();
            case LONG -> number.longValue();
            case DOUBLE -> number.doubleValue();
            default -> throw new AssertionError(written + " as " + read);
        };
    }

    static boolean allowed(JmsType written, JmsType read) {
        return READABLE_AS.get(written).contains(read);
    }

    /** Every (written, read) pair over the given types. */
    static Stream<Arguments> pairs(Set<JmsType> types) {
        List<Arguments> pairs = new ArrayList<>();
        for (JmsType written : types) {
            for (JmsType read : types) {
                pairs.add(Arguments.of(written, read));
            }
        }
        return pairs.stream();
    }
}
