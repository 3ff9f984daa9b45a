package org.letterbox.jms;

import jakarta.jms.XAConnectionFactory;
import jakarta.jms.XAQueueConnectionFactory;
import jakarta.jms.XATopicConnectionFactory;
import org.junit.jupiter.api.Test;

import javax.naming.Reference;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

import static org.junit.jupiter.api.Assertions.*;

/** The XA factory is configured, bound in JNDI and serialized exactly like its parent, and stays an XA factory. */
class LetterboxXAConnectionFactoryTest {

    @Test
    void isEveryKindOfXaFactoryAndValidatesItsUrlLikeItsParent() {
        LetterboxXAConnectionFactory cf = new LetterboxXAConnectionFactory("tcp://broker:1234");
        assertInstanceOf(XAConnectionFactory.class, cf);
        assertInstanceOf(XAQueueConnectionFactory.class, cf);
        assertInstanceOf(XATopicConnectionFactory.class, cf);
        assertEquals("tcp://broker:1234", cf.getBrokerUrl());
        assertThrows(IllegalArgumentException.class, () -> new LetterboxXAConnectionFactory("nope://x"));
        assertNotEquals(new LetterboxConnectionFactory("tcp://broker:1234"), cf);
    }

    @Test
    void aJndiReferenceRebuildsAnXaFactory() throws Exception {
        LetterboxXAConnectionFactory cf = new LetterboxXAConnectionFactory("tcp://broker:1234");
        cf.setUser("u");
        Reference ref = cf.getReference();
        assertEquals(LetterboxXAConnectionFactory.class.getName(), ref.getClassName());
        Object rebuilt = new ConnectionFactoryObjectFactory().getObjectInstance(ref, null, null, null);
        assertInstanceOf(LetterboxXAConnectionFactory.class, rebuilt);
        assertEquals(cf, rebuilt);
    }

    @Test
    void serializesAsAnXaFactory() throws Exception {
        LetterboxXAConnectionFactory cf = new LetterboxXAConnectionFactory("tcp://broker:1234");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(cf);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(cf, assertInstanceOf(LetterboxXAConnectionFactory.class, in.readObject()));
        }
    }
}
