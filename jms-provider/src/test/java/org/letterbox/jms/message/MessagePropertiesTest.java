package org.letterbox.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessagePropertiesTest {

    @Test
    void propertyNamesComeBackInInsertionOrder() throws JMSException {
        LetterboxMessage message = new LetterboxMessage();
        for (String name : List.of("zeta", "alpha", "mid", "beta")) {
            message.setIntProperty(name, 1);
        }
        assertEquals(List.of("zeta", "alpha", "mid", "beta"), names(message));
        assertEquals(List.of("zeta", "alpha", "mid", "beta"), names(TestMessages.received(message)).subList(0, 4));
    }

    @Test
    void nullOrEmptyPropertyNameIsIllegalArgumentForEverySetter() {
        LetterboxMessage message = new LetterboxMessage();
        for (String name : new String[]{null, ""}) {
            assertThrows(IllegalArgumentException.class, () -> message.setBooleanProperty(name, true));
            assertThrows(IllegalArgumentException.class, () -> message.setByteProperty(name, (byte) 1));
            assertThrows(IllegalArgumentException.class, () -> message.setShortProperty(name, (short) 1));
            assertThrows(IllegalArgumentException.class, () -> message.setIntProperty(name, 1));
            assertThrows(IllegalArgumentException.class, () -> message.setLongProperty(name, 1));
            assertThrows(IllegalArgumentException.class, () -> message.setFloatProperty(name, 1));
            assertThrows(IllegalArgumentException.class, () -> message.setDoubleProperty(name, 1));
            assertThrows(IllegalArgumentException.class, () -> message.setStringProperty(name, "x"));
            assertThrows(IllegalArgumentException.class, () -> message.setObjectProperty(name, 1));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1abc", "a-b", "a b", "a.b", "x+y", "caf\u00e9!"})
    void propertyNameMustBeAJavaIdentifier(String name) {
        assertThrows(IllegalArgumentException.class, () -> new LetterboxMessage().setStringProperty(name, "v"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"NULL", "TRUE", "FALSE", "NOT", "AND", "OR", "BETWEEN", "LIKE", "IN", "IS", "ESCAPE", "and", "Between"})
    void selectorKeywordsAreNotPropertyNames(String name) {
        assertThrows(IllegalArgumentException.class, () -> new LetterboxMessage().setIntProperty(name, 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "_x", "$y", "camelCase9", "caf\u00e9", "JMS_vendor", "ANDROID", "ORDER", "isValid"})
    void identifiersThatAreNotKeywordsAreAccepted(String name) {
        assertDoesNotThrow(() -> new LetterboxMessage().setIntProperty(name, 1));
    }

    @Test
    void jmsxPropertiesPassThroughAsOrdinaryProperties() throws JMSException {
        LetterboxMessage message = new LetterboxMessage();
        message.setStringProperty("JMSXGroupID", "group-1");
        message.setIntProperty("JMSXGroupSeq", 3);
        message.setStringProperty("JMSXUserID", "alice");
        LetterboxMessage received = TestMessages.received(message);
        assertEquals("group-1", received.getStringProperty("JMSXGroupID"));
        assertEquals(3, received.getIntProperty("JMSXGroupSeq"));
        assertEquals("alice", received.getObjectProperty("JMSXUserID"));
    }

    @Test
    void setObjectPropertyAcceptsOnlyPrimitiveWrappersAndString() throws JMSException {
        LetterboxMessage message = new LetterboxMessage();
        for (Object ok : List.of(true, (byte) 1, (short) 2, 3, 4L, 5f, 6d, "seven")) {
            message.setObjectProperty("p", ok);
            assertEquals(ok, message.getObjectProperty("p"));
        }
        for (Object bad : List.of('c', new byte[]{1}, new ArrayList<>(), new Object(), new StringBuilder("x"))) {
            assertThrows(MessageFormatException.class, () -> message.setObjectProperty("bad", bad), bad.getClass().getName());
        }
        assertFalse(message.propertyExists("bad"));
    }

    @Test
    void missingPropertyReadsLikeValueOfNull() throws JMSException {
        LetterboxMessage message = new LetterboxMessage();
        assertFalse(message.getBooleanProperty("missing"));
        assertThrows(NumberFormatException.class, () -> message.getByteProperty("missing"));
        assertThrows(NumberFormatException.class, () -> message.getShortProperty("missing"));
        assertThrows(NumberFormatException.class, () -> message.getIntProperty("missing"));
        assertThrows(NumberFormatException.class, () -> message.getLongProperty("missing"));
        assertThrows(NullPointerException.class, () -> message.getFloatProperty("missing"));
        assertThrows(NullPointerException.class, () -> message.getDoubleProperty("missing"));
        assertNull(message.getStringProperty("missing"));
        assertNull(message.getObjectProperty("missing"));
    }

    @Test
    void unparsableStringPropertyIsNumberFormatException() throws JMSException {
        LetterboxMessage message = new LetterboxMessage();
        message.setStringProperty("s", "not a number");
        assertThrows(NumberFormatException.class, () -> message.getByteProperty("s"));
        assertThrows(NumberFormatException.class, () -> message.getShortProperty("s"));
        assertThrows(NumberFormatException.class, () -> message.getIntProperty("s"));
        assertThrows(NumberFormatException.class, () -> message.getLongProperty("s"));
        assertThrows(NumberFormatException.class, () -> message.getFloatProperty("s"));
        assertThrows(NumberFormatException.class, () -> message.getDoubleProperty("s"));
        assertFalse(message.getBooleanProperty("s"));
        message.setStringProperty("t", "TRUE");
        assertTrue(message.getBooleanProperty("t"));
    }

    @Test
    void propertySetToNullStringExistsAndReadsAsNull() throws JMSException {
        LetterboxMessage message = new LetterboxMessage();
        message.setStringProperty("n", null);
        assertTrue(message.propertyExists("n"));
        assertNull(message.getStringProperty("n"));
        LetterboxMessage received = TestMessages.received(message);
        assertTrue(received.propertyExists("n"));
        assertNull(received.getObjectProperty("n"));
    }

    @Test
    void propertyExistsOnlyForSetProperties() throws JMSException {
        LetterboxMessage message = new LetterboxMessage();
        message.setLongProperty("present", 1);
        assertTrue(message.propertyExists("present"));
        assertFalse(message.propertyExists("absent"));
        assertFalse(message.propertyExists("JMSPriority")); // headers are not properties
        assertFalse(message.propertyExists(null));
    }

    @Test
    void settingAPropertyAgainReplacesItsValueAndType() throws JMSException {
        LetterboxMessage message = new LetterboxMessage();
        message.setIntProperty("p", 1);
        message.setStringProperty("p", "two");
        assertEquals("two", message.getObjectProperty("p"));
        assertEquals(List.of("p"), names(message));
    }

    @Test
    void propertiesOfAReceivedMessageAreReadOnly() throws JMSException {
        LetterboxMessage original = new LetterboxMessage();
        original.setIntProperty("p", 1);
        LetterboxMessage received = TestMessages.received(original);
        assertThrows(MessageNotWriteableException.class, () -> received.setIntProperty("p", 2));
        assertThrows(MessageNotWriteableException.class, () -> received.setStringProperty("q", "new"));
        assertThrows(MessageNotWriteableException.class, () -> received.setObjectProperty("q", 1));
        assertEquals(1, received.getIntProperty("p"));
    }

    @Test
    void clearPropertiesRemovesThemAndMakesThemWritable() throws JMSException {
        LetterboxMessage original = new LetterboxMessage();
        original.setIntProperty("p", 1);
        original.setStringProperty("q", "x");
        LetterboxMessage received = TestMessages.received(original);
        received.clearProperties();
        assertFalse(received.propertyExists("p"));
        assertFalse(received.propertyExists("q"));
        received.setIntProperty("p", 2);
        assertEquals(2, received.getIntProperty("p"));
    }

    @Test
    void getPropertyNamesIsASnapshot() throws JMSException {
        LetterboxMessage message = new LetterboxMessage();
        message.setIntProperty("a", 1);
        var names = message.getPropertyNames();
        message.setIntProperty("b", 2); // must not break the enumeration already handed out
        assertEquals(List.of("a"), Collections.list(names));
    }

    static List<String> names(LetterboxMessage message) {
        return Collections.list(message.getPropertyNames());
    }
}
