package org.letterbox.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ObjectMessageTest {
    private static final String ALLOW_LIST = "org.letterbox.serializable.packages";

    @AfterEach
    void restoreDefaultAllowList() {
        System.clearProperty(ALLOW_LIST);
    }

    @Test
    void theObjectIsCopiedWhenSet() throws JMSException {
        Order order = new Order("o-1");
        LetterboxObjectMessage message = new LetterboxObjectMessage();
        message.setObject(order);
        order.lines.add("added after setObject");
        assertEquals(new Order("o-1"), message.getObject());
    }

    @Test
    void eachGetObjectReturnsAFreshCopy() throws JMSException {
        LetterboxObjectMessage message = new LetterboxObjectMessage();
        message.setObject(new Order("o-2"));
        Order first = (Order) message.getObject();
        first.lines.add("changed by the reader");
        Order second = (Order) message.getObject();
        assertNotSame(first, second);
        assertEquals(new Order("o-2"), second);
    }

    @Test
    void objectSurvivesTheCodec() throws JMSException {
        Order order = new Order("o-3");
        order.lines.add("line");
        LetterboxObjectMessage message = new LetterboxObjectMessage();
        message.setObject(order);
        assertEquals(order, TestMessages.received(message).getObject());
    }

    @Test
    void nullObjectMeansNoBody() throws JMSException {
        LetterboxObjectMessage message = new LetterboxObjectMessage();
        message.setObject(null);
        assertNull(TestMessages.received(message).getObject());
    }

    @Test
    void everyClassIsAllowedByDefault() throws JMSException {
        LetterboxObjectMessage message = new LetterboxObjectMessage();
        message.setObject(new Order("o-4"));
        assertEquals(new Order("o-4"), message.getObject());
    }

    @Test
    void classOutsideTheAllowListIsAFormatError() throws JMSException {
        LetterboxObjectMessage message = new LetterboxObjectMessage();
        message.setObject(new Order("o-5"));
        System.setProperty(ALLOW_LIST, "com.acme, java.util");
        MessageFormatException e = assertThrows(MessageFormatException.class, message::getObject);
        assertTrue(e.getMessage().contains(Order.class.getName()), e.getMessage());
    }

    @Test
    void classInsideTheAllowListIsDeserialized() throws JMSException {
        LetterboxObjectMessage message = new LetterboxObjectMessage();
        message.setObject(new Order("o-6"));
        System.setProperty(ALLOW_LIST, "com.acme,org.letterbox.jms,java.util");
        assertEquals(new Order("o-6"), message.getObject());
    }

    @Test
    void classesReachedFromTheObjectAreCheckedToo() throws JMSException {
        LetterboxObjectMessage message = new LetterboxObjectMessage();
        message.setObject(new Order("o-7")); // holds a java.util.ArrayList
        System.setProperty(ALLOW_LIST, "org.letterbox");
        assertThrows(MessageFormatException.class, message::getObject);
    }

    @Test
    void javaLangValuesAreAlwaysAllowed() throws JMSException {
        LetterboxObjectMessage message = new LetterboxObjectMessage();
        message.setObject(42);
        System.setProperty(ALLOW_LIST, "com.acme");
        assertEquals(42, message.getObject());
        message.clearBody();
        message.setObject(new String[]{"a"});
        assertEquals("a", ((String[]) message.getObject())[0]);
    }

    @Test
    void unserializableObjectIsAFormatErrorOnSet() {
        LetterboxObjectMessage message = new LetterboxObjectMessage();
        ArrayList<Object> holdsAnUnserializable = new ArrayList<>(List.of(new Object()));
        assertThrows(MessageFormatException.class, () -> message.setObject(holdsAnUnserializable));
    }

    @Test
    void getObjectResolvesClassesWithTheThreadContextClassLoader() throws JMSException {
        LetterboxObjectMessage message = new LetterboxObjectMessage();
        message.setObject(new Order("o-8"));
        List<String> asked = new ArrayList<>();
        ClassLoader recording = new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                asked.add(name);
                return super.loadClass(name, resolve);
            }
        };
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(recording);
        try {
            assertEquals(new Order("o-8"), message.getObject());
        } finally {
            thread.setContextClassLoader(previous);
        }
        assertTrue(asked.contains(Order.class.getName()), asked.toString());
    }

    @Test
    void classUnknownToTheContextLoaderFallsBackToTheDefault() throws JMSException {
        LetterboxObjectMessage message = new LetterboxObjectMessage();
        message.setObject(new Order("o-9"));
        ClassLoader knowsNothing = new ClassLoader(null) {
        };
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(knowsNothing);
        try {
            assertEquals(new Order("o-9"), message.getObject());
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Test
    void corruptedSerializedBytesAreAFormatError() throws JMSException {
        LetterboxObjectMessage message = new LetterboxObjectMessage();
        message.setObject("x");
        byte[] encoded = MessageCodec.encode(message);
        encoded[encoded.length - 3] ^= 0x55; // inside the serialization stream
        LetterboxObjectMessage damaged = (LetterboxObjectMessage) MessageCodec.decode(encoded);
        assertThrows(MessageFormatException.class, damaged::getObject);
    }

    @Test
    void serializableBodyType() throws JMSException {
        LetterboxObjectMessage message = new LetterboxObjectMessage();
        message.setObject(new Order("o-10"));
        Serializable body = message.getBody(Serializable.class);
        assertEquals(new Order("o-10"), body);
    }
}
