package org.letterbox.jms;

import jakarta.jms.JMSException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.letterbox.client.BrokerUrl;
import org.letterbox.client.ConnectionConfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BrokerUrlTest {

    @Test
    void severalAddressesMeanFailoverWithItsDefaultsAndRoundTrip() throws JMSException {
        ConnectionConfig c = BrokerUrl.parse("tcp://10.0.0.1:61616, 10.0.0.2:61617,[::1]:61618?clientId=x");
        assertEquals("10.0.0.1", c.host(), "the first address is the config's own");
        assertEquals(61616, c.port());
        org.letterbox.client.Failover f = c.failover();
        assertEquals("10.0.0.1:61616,10.0.0.2:61617,[::1]:61618", f.toString());
        assertEquals(org.letterbox.client.Failover.DEFAULT_TIMEOUT_MILLIS, f.timeoutMillis());
        assertEquals(org.letterbox.client.Failover.DEFAULT_RECONNECT_DELAY_MILLIS, f.reconnectDelayMillis());
        assertEquals(org.letterbox.client.Failover.DEFAULT_MAX_RECONNECT_DELAY_MILLIS, f.maxReconnectDelayMillis());
        assertEquals(c, BrokerUrl.parse(BrokerUrl.toUrl(c)));
        assertNull(BrokerUrl.parse("tcp://a:1").failover(), "one address without failover options: no failover");
    }

    @Test
    void failoverOptionsAreReadCheckedAndAlsoApplyToOneAddress() throws JMSException {
        ConnectionConfig c = BrokerUrl.parse("tcp://a:1?failoverTimeout=0&reconnectDelay=10&maxReconnectDelay=40");
        assertEquals(0, c.failover().timeoutMillis());
        assertEquals(10, c.failover().reconnectDelayMillis());
        assertEquals(40, c.failover().maxReconnectDelayMillis());
        assertEquals(c, BrokerUrl.parse(BrokerUrl.toUrl(c)));
        assertTrue(assertThrows(JMSException.class, () -> BrokerUrl.parse("tcp://a:1,b:2?maxReconnectDelay=5&reconnectDelay=10"))
                .getMessage().contains("maxReconnectDelay"));
        assertTrue(assertThrows(JMSException.class, () -> BrokerUrl.parse("tcp://a:1,b:2?failoverTimeout=-1"))
                .getMessage().contains("failoverTimeout"));
        assertTrue(assertThrows(JMSException.class, () -> BrokerUrl.parse("tcp://a:1,,b:2"))
                .getMessage().contains("host"));
        assertTrue(assertThrows(JMSException.class, () -> BrokerUrl.parse("vm://x?failoverTimeout=5"))
                .getMessage().contains("tcp"));
    }

    @Test
    void tcpWithoutOptionsUsesDefaults() throws JMSException {
        ConnectionConfig c = BrokerUrl.parse("tcp://broker.example.com:1234");
        assertEquals("tcp", c.scheme());
        assertEquals("broker.example.com", c.host());
        assertEquals(1234, c.port());
        assertNull(c.user());
        assertNull(c.password());
        assertNull(c.clientId());
        assertEquals(ConnectionConfig.DEFAULT_WINDOW_MESSAGES, c.consumerWindowMessages());
        assertEquals(ConnectionConfig.DEFAULT_WINDOW_BYTES, c.consumerWindowBytes());
        assertEquals(ConnectionConfig.DEFAULT_CONNECT_TIMEOUT_MILLIS, c.connectTimeoutMillis());
        assertEquals(ConnectionConfig.DEFAULT_MAX_FRAME_SIZE, c.maxFrameSize());
        assertFalse(c.blockOnNonPersistentSend());
        assertTrue(c.vmCreate());
    }

    @Test
    void tcpPortDefaultsTo61616() throws JMSException {
        assertEquals(61616, BrokerUrl.parse("tcp://localhost").port());
        assertEquals(61616, BrokerUrl.parse("tcp://localhost/").port());
        assertEquals(61616, BrokerUrl.parse("tcp://localhost?clientId=a").port());
        assertEquals(61616, BrokerUrl.parse(BrokerUrl.DEFAULT_URL).port());
    }

    @Test
    void schemeIsCaseInsensitiveAndSurroundingBlanksAreIgnored() throws JMSException {
        ConnectionConfig c = BrokerUrl.parse("  TCP://localhost:5  ");
        assertEquals("tcp", c.scheme());
        assertEquals(5, c.port());
    }

    @Test
    void ipv6LiteralIsBracketedInTheUrlAndBareInTheConfig() throws JMSException {
        ConnectionConfig c = BrokerUrl.parse("tcp://[::1]:7000");
        assertEquals("::1", c.host());
        assertEquals(7000, c.port());
        ConnectionConfig noPort = BrokerUrl.parse("tcp://[fe80::1%25eth0]?consumerWindow=1");
        assertEquals("fe80::1%eth0", noPort.host());
        assertEquals(61616, noPort.port());
        assertEquals("tcp://[::1]:7000", BrokerUrl.toUrl(c));
    }

    @Test
    void everyOptionIsParsed() throws JMSException {
        ConnectionConfig c = BrokerUrl.parse("tcp://h:1?user=alice&password=s3cret&clientId=cts"
                + "&consumerWindow=0&consumerWindowBytes=4096&connectTimeout=250&maxFrameSize=2048"
                + "&blockOnNonPersistentSend=true");
        assertEquals("alice", c.user());
        assertEquals("s3cret", c.password());
        assertEquals("cts", c.clientId());
        assertEquals(0, c.consumerWindowMessages());
        assertEquals(4096, c.consumerWindowBytes());
        assertEquals(250, c.connectTimeoutMillis());
        assertEquals(2048, c.maxFrameSize());
        assertTrue(c.blockOnNonPersistentSend());
    }

    @Test
    void booleansAcceptAnyCase() throws JMSException {
        assertTrue(BrokerUrl.parse("tcp://h?blockOnNonPersistentSend=TRUE").blockOnNonPersistentSend());
        assertFalse(BrokerUrl.parse("tcp://h?blockOnNonPersistentSend=False").blockOnNonPersistentSend());
    }

    @Test
    void valuesAreUrlDecoded() throws JMSException {
        ConnectionConfig c = BrokerUrl.parse("tcp://h?user=j%C3%BCrgen&password=a%26b%3Dc%2Bd+e&clientId=my%20app");
        assertEquals("jürgen", c.user());
        assertEquals("a&b=c+d e", c.password());
        assertEquals("my app", c.clientId());
    }

    @Test
    void emptyPasswordIsKept() throws JMSException {
        assertEquals("", BrokerUrl.parse("tcp://h?user=u&password=").password());
    }

    @Test
    void vmNameDefaultsToLocalhostAndCreateToTrue() throws JMSException {
        ConnectionConfig c = BrokerUrl.parse("vm://");
        assertEquals("vm", c.scheme());
        assertEquals("localhost", c.host());
        assertTrue(c.vmCreate());
        assertEquals("localhost", BrokerUrl.parse("vm://?consumerWindow=5").host());
    }

    @Test
    void vmWithNameAndOptions() throws JMSException {
        ConnectionConfig c = BrokerUrl.parse("vm://embedded_1?create=false&consumerWindow=7&clientId=x");
        assertEquals("embedded_1", c.host());
        assertFalse(c.vmCreate());
        assertEquals(7, c.consumerWindowMessages());
        assertEquals("x", c.clientId());
        assertTrue(BrokerUrl.parse("vm://b?create=true").vmCreate());
    }

    @Test
    void toUrlRoundTrips() throws JMSException {
        for (String url : new String[]{
                "tcp://h:1?user=alice&password=a%26b+c&clientId=cts&consumerWindow=0&consumerWindowBytes=4096"
                        + "&connectTimeout=250&maxFrameSize=2048&blockOnNonPersistentSend=true",
                "vm://b?create=false", "vm://", "tcp://[::1]", "tcp://localhost"}) {
            ConnectionConfig parsed = BrokerUrl.parse(url);
            assertEquals(parsed, BrokerUrl.parse(BrokerUrl.toUrl(parsed)), url);
        }
        assertEquals("tcp://localhost:61616", BrokerUrl.toUrl(BrokerUrl.parse("tcp://localhost")));
    }

    @Test
    void maskPasswordHidesOnlyThePassword() {
        assertEquals("tcp://h?user=u&password=***&clientId=c",
                BrokerUrl.maskPassword("tcp://h?user=u&password=secret&clientId=c"));
        assertEquals("tcp://h?password=***", BrokerUrl.maskPassword("tcp://h?password=secret"));
        assertEquals("tcp://h", BrokerUrl.maskPassword("tcp://h"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "tcp://h?bogus=1                           | unknown option 'bogus'",
            "tcp://h?User=a                            | unknown option 'User'",
            "amqp://h                                  | unknown scheme 'amqp'",
            "localhost:61616                           | expected tcp://host:port or vm://name",
            "''                                        | empty",
            "tcp://                                    | needs a host",
            "tcp://:61616                              | needs a host",
            "tcp://h:port                              | invalid port 'port'",
            "tcp://h:0                                 | out of range",
            "tcp://h:70000                             | out of range",
            "tcp://::1:5                               | IPv6 address must be written in brackets",
            "tcp://[::1                                | unterminated IPv6 address",
            "tcp://[::1]x                              | unexpected 'x'",
            "tcp://h:1/path                            | a path is not allowed",
            "tcp://u:p@h:1                             | credentials in the host part are not supported",
            "tcp://h?consumerWindow=-1                 | option 'consumerWindow' has invalid value '-1' (must not be negative)",
            "tcp://h?consumerWindow=ten                | option 'consumerWindow' has invalid value 'ten'",
            "tcp://h?consumerWindow=99999999999        | option 'consumerWindow' has invalid value '99999999999'",
            "tcp://h?consumerWindowBytes=-5            | option 'consumerWindowBytes' has invalid value '-5'",
            "tcp://h?connectTimeout=0                  | option 'connectTimeout' has invalid value '0' (must be at least 1)",
            "tcp://h?connectTimeout=1s                 | option 'connectTimeout' has invalid value '1s'",
            "tcp://h?maxFrameSize=0                    | option 'maxFrameSize' has invalid value '0'",
            "tcp://h?maxFrameSize=big                  | option 'maxFrameSize' has invalid value 'big'",
            "tcp://h?blockOnNonPersistentSend=yes      | option 'blockOnNonPersistentSend' has invalid value 'yes'",
            "vm://b?create=maybe                       | option 'create' has invalid value 'maybe'",
            "tcp://h?create=true                       | option 'create' applies only to vm:// URLs",
            "tcp://h?clientId                          | option 'clientId' has no value",
            "tcp://h?clientId=                         | option 'clientId' must not be empty",
            "tcp://h?user=a&user=b                     | option 'user' is given more than once",
            "tcp://h?user=%zz                          | option 'user' has a malformed %-escape in '%zz'",
            "vm://a/b                                  | invalid vm broker name 'a/b'",
            "tcp://h#frag                              | fragment",
    })
    void invalidUrlIsRejectedNamingTheProblem(String url, String expected) {
        JMSException e = assertThrows(JMSException.class, () -> BrokerUrl.parse(url));
        assertTrue(e.getMessage().contains(expected), () -> "message '" + e.getMessage() + "' lacks '" + expected + "'");
    }

    @Test
    void nullUrlIsRejected() {
        assertThrows(JMSException.class, () -> BrokerUrl.parse(null));
    }

    @Test
    void errorMessagesNeverShowThePassword() {
        JMSException e = assertThrows(JMSException.class,
                () -> BrokerUrl.parse("tcp://h?password=topsecret&bogus=1"));
        assertFalse(e.getMessage().contains("topsecret"), e.getMessage());
        JMSException malformed = assertThrows(JMSException.class,
                () -> BrokerUrl.parse("tcp://h?password=top%zzsecret"));
        assertFalse(malformed.getMessage().contains("secret"), malformed.getMessage());
    }
}
