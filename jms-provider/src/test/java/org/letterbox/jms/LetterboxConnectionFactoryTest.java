package org.letterbox.jms;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.TopicConnectionFactory;
import org.junit.jupiter.api.Test;
import org.letterbox.client.ConnectionConfig;

import javax.naming.ConfigurationException;
import javax.naming.Reference;
import javax.naming.StringRefAddr;
import javax.naming.spi.ObjectFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LetterboxConnectionFactoryTest {

    @Test
    void noArgConstructorUsesLocalhost61616() throws JMSException {
        LetterboxConnectionFactory cf = new LetterboxConnectionFactory();
        assertEquals("tcp://localhost:61616", cf.getBrokerUrl());
        ConnectionConfig c = cf.configFor();
        assertEquals("tcp", c.scheme());
        assertEquals("localhost", c.host());
        assertEquals(61616, c.port());
        assertNull(c.user());
        assertNull(c.password());
        assertNull(c.clientId());
    }

    @Test
    void isEveryKindOfConnectionFactory() {
        Object cf = new LetterboxConnectionFactory();
        assertInstanceOf(ConnectionFactory.class, cf);
        assertInstanceOf(QueueConnectionFactory.class, cf);
        assertInstanceOf(TopicConnectionFactory.class, cf);
    }

    @Test
    void urlSettingsAreUsedWhenNoBeanPropertiesAreSet() throws JMSException {
        LetterboxConnectionFactory cf = new LetterboxConnectionFactory(
                "tcp://h:1?user=urlUser&password=urlPass&clientId=urlId&consumerWindow=3");
        ConnectionConfig c = cf.configFor();
        assertEquals("urlUser", c.user());
        assertEquals("urlPass", c.password());
        assertEquals("urlId", c.clientId());
        assertEquals(3, c.consumerWindowMessages());
        assertNull(cf.getUser(), "the getter shows the bean property, not the URL's value");
    }

    @Test
    void beanPropertiesOverrideTheUrl() throws JMSException {
        LetterboxConnectionFactory cf = new LetterboxConnectionFactory(
                "tcp://h:1?user=urlUser&password=urlPass&clientId=urlId&consumerWindow=3");
        cf.setUser("beanUser");
        cf.setPassword("beanPass");
        cf.setClientId("beanId");
        ConnectionConfig c = cf.configFor();
        assertEquals("beanUser", c.user());
        assertEquals("beanPass", c.password());
        assertEquals("beanId", c.clientId());
        assertEquals(3, c.consumerWindowMessages(), "other URL options stay");
    }

    @Test
    void eachBeanPropertyOverridesOnlyItself() throws JMSException {
        LetterboxConnectionFactory cf = new LetterboxConnectionFactory("tcp://h:1?user=urlUser&password=urlPass");
        cf.setPassword("beanPass");
        ConnectionConfig c = cf.configFor();
        assertEquals("urlUser", c.user());
        assertEquals("beanPass", c.password());
    }

    @Test
    void settingBeanPropertyToNullFallsBackToTheUrl() throws JMSException {
        LetterboxConnectionFactory cf = new LetterboxConnectionFactory("tcp://h:1?clientId=urlId&user=urlUser");
        cf.setClientId("beanId");
        cf.setUser("beanUser");
        cf.setClientId(null);
        cf.setUser(null);
        assertEquals("urlId", cf.configFor().clientId());
        assertEquals("urlUser", cf.configFor().user());
    }

    @Test
    void explicitCredentialsOverrideBeanPropertiesAndUrl() throws JMSException {
        LetterboxConnectionFactory cf = new LetterboxConnectionFactory("tcp://h:1?user=urlUser&password=urlPass&clientId=urlId");
        cf.setUser("beanUser");
        cf.setPassword("beanPass");
        ConnectionConfig c = cf.configFor("explicit", "explicitPass");
        assertEquals("explicit", c.user());
        assertEquals("explicitPass", c.password());
        assertEquals("urlId", c.clientId(), "explicit credentials do not touch the client ID");
    }

    @Test
    void explicitNullCredentialsMeanNoCredentials() throws JMSException {
        LetterboxConnectionFactory cf = new LetterboxConnectionFactory("tcp://h:1?user=urlUser&password=urlPass");
        cf.setUser("beanUser");
        ConnectionConfig c = cf.configFor(null, null);
        assertNull(c.user());
        assertNull(c.password());
    }

    @Test
    void setBrokerUrlReplacesTheWholeUrlConfiguration() throws JMSException {
        LetterboxConnectionFactory cf = new LetterboxConnectionFactory("tcp://h:1?clientId=a");
        cf.setBrokerUrl("vm://embedded?create=false");
        ConnectionConfig c = cf.configFor();
        assertEquals("vm", c.scheme());
        assertEquals("embedded", c.host());
        assertFalse(c.vmCreate());
        assertNull(c.clientId());
        assertEquals("vm://embedded?create=false", cf.getBrokerUrl());
    }

    @Test
    void badUrlIsRejectedEagerlyWithTheParserMessage() {
        IllegalArgumentException fromConstructor = assertThrows(IllegalArgumentException.class,
                () -> new LetterboxConnectionFactory("tcp://h?consumerWindow=-1"));
        assertTrue(fromConstructor.getMessage().contains("consumerWindow"), fromConstructor.getMessage());
        assertInstanceOf(JMSException.class, fromConstructor.getCause());

        LetterboxConnectionFactory cf = new LetterboxConnectionFactory("tcp://h:1");
        IllegalArgumentException fromSetter = assertThrows(IllegalArgumentException.class,
                () -> cf.setBrokerUrl("udp://h:1"));
        assertTrue(fromSetter.getMessage().contains("unknown scheme 'udp'"), fromSetter.getMessage());
        assertEquals("tcp://h:1", cf.getBrokerUrl(), "a rejected URL leaves the old one in place");
        assertThrows(IllegalArgumentException.class, () -> cf.setBrokerUrl(null));
        assertThrows(IllegalArgumentException.class, () -> cf.setClientId(""));
    }

    @Test
    void createConnectionToAClosedPortThrowsJMSException() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        LetterboxConnectionFactory cf = new LetterboxConnectionFactory("tcp://127.0.0.1:" + port + "?connectTimeout=2000");
        assertThrows(JMSException.class, cf::createConnection);
        assertThrows(JMSException.class, () -> cf.createQueueConnection("u", "p"));
        assertThrows(JMSException.class, cf::createTopicConnection);
    }

    @Test
    void createContextToAClosedPortThrowsJMSRuntimeException() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        LetterboxConnectionFactory cf = new LetterboxConnectionFactory("tcp://127.0.0.1:" + port + "?connectTimeout=2000");
        assertThrows(JMSRuntimeException.class, cf::createContext);
        assertThrows(JMSRuntimeException.class, () -> cf.createContext("u", "p", JMSContext.CLIENT_ACKNOWLEDGE));
    }

    @Test
    void serializationRoundTripKeepsEverything() throws Exception {
        LetterboxConnectionFactory cf = new LetterboxConnectionFactory("tcp://h:1?consumerWindow=9");
        cf.setUser("u");
        cf.setPassword("p");
        cf.setClientId("c");
        LetterboxConnectionFactory copy = deserialize(serialize(cf));
        assertEquals(cf, copy);
        assertEquals(cf.hashCode(), copy.hashCode());
        assertEquals(cf.configFor(), copy.configFor());
        assertEquals("c", copy.configFor().clientId());
    }

    @Test
    void deserializingAnInvalidUrlFails() throws Exception {
        byte[] bytes = serialize(new LetterboxConnectionFactory("tcp://h:1"));
        // same length, so the stream stays well-formed: only the URL becomes invalid
        byte[] tampered = replace(bytes, "tcp://h:1", "xyz://h:1");
        InvalidObjectException e = assertThrows(InvalidObjectException.class, () -> deserialize(tampered));
        assertTrue(e.getMessage().contains("unknown scheme 'xyz'"), e.getMessage());
    }

    @Test
    void referenceRoundTripThroughTheObjectFactory() throws Exception {
        LetterboxConnectionFactory cf = new LetterboxConnectionFactory("vm://b?create=false");
        cf.setUser("u");
        cf.setPassword("p");
        cf.setClientId("c");
        Reference ref = cf.getReference();
        assertEquals(LetterboxConnectionFactory.class.getName(), ref.getClassName());
        assertEquals(ConnectionFactoryObjectFactory.class.getName(), ref.getFactoryClassName());
        assertEquals("vm://b?create=false", ref.get("brokerUrl").getContent());
        assertEquals("u", ref.get("user").getContent());
        assertEquals("p", ref.get("password").getContent());
        assertEquals("c", ref.get("clientId").getContent());

        Object rebuilt = new ConnectionFactoryObjectFactory().getObjectInstance(ref, null, null, null);
        assertEquals(cf, rebuilt);
        assertEquals(cf.configFor(), ((LetterboxConnectionFactory) rebuilt).configFor());
    }

    @Test
    void referenceLeavesOutUnsetProperties() throws Exception {
        LetterboxConnectionFactory cf = new LetterboxConnectionFactory("tcp://h:1");
        Reference ref = cf.getReference();
        assertEquals(1, ref.size());
        Object rebuilt = new ConnectionFactoryObjectFactory().getObjectInstance(ref, null, null, null);
        assertEquals(cf, rebuilt);
    }

    @Test
    void objectFactoryIgnoresForeignObjectsAndRejectsBadUrls() throws Exception {
        ObjectFactory of = new ConnectionFactoryObjectFactory();
        assertNull(of.getObjectInstance("not a reference", null, null, null));
        assertNull(of.getObjectInstance(new Reference("com.example.Other"), null, null, null));

        Reference bad = new Reference(LetterboxConnectionFactory.class.getName(),
                ConnectionFactoryObjectFactory.class.getName(), null);
        bad.add(new StringRefAddr("brokerUrl", "tcp://h?nope=1"));
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> of.getObjectInstance(bad, null, null, null));
        assertTrue(e.getMessage().contains("unknown option 'nope'"), e.getMessage());

        Reference noUrl = new Reference(LetterboxConnectionFactory.class.getName(),
                ConnectionFactoryObjectFactory.class.getName(), null);
        assertEquals(new LetterboxConnectionFactory(), of.getObjectInstance(noUrl, null, null, null));
    }

    @Test
    void equalityFollowsUrlAndProperties() {
        LetterboxConnectionFactory a = new LetterboxConnectionFactory("tcp://h:1");
        LetterboxConnectionFactory b = new LetterboxConnectionFactory("tcp://h:1");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        b.setClientId("x");
        assertNotEquals(a, b);
        a.setClientId("x");
        assertEquals(a, b);
        assertNotEquals(a, new LetterboxConnectionFactory("tcp://h:2"));
        assertNotEquals(a, null);
        assertNotEquals(a, "tcp://h:1");
    }

    @Test
    void toStringNeverShowsPasswords() {
        LetterboxConnectionFactory cf = new LetterboxConnectionFactory("tcp://h:1?user=u&password=urlSecret");
        cf.setPassword("beanSecret");
        cf.setClientId("cid");
        String s = cf.toString();
        assertFalse(s.contains("urlSecret"), s);
        assertFalse(s.contains("beanSecret"), s);
        assertTrue(s.contains("tcp://h:1"), s);
        assertTrue(s.contains("cid"), s);
    }

    private static byte[] serialize(Object o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    private static LetterboxConnectionFactory deserialize(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (LetterboxConnectionFactory) in.readObject();
        }
    }

    private static byte[] replace(byte[] haystack, String from, String to) {
        byte[] f = from.getBytes(StandardCharsets.UTF_8);
        byte[] t = to.getBytes(StandardCharsets.UTF_8);
        byte[] result = haystack.clone();
        outer:
        for (int i = 0; i <= result.length - f.length; i++) {
            for (int j = 0; j < f.length; j++) {
                if (result[i + j] != f[j]) {
                    continue outer;
                }
            }
            System.arraycopy(t, 0, result, i, t.length);
            return result;
        }
        throw new AssertionError(from + " not found");
    }
}
