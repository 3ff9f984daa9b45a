package org.letterbox.client;

import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.TransactionRolledBackException;
import org.junit.jupiter.api.Test;
import org.letterbox.protocol.ErrorCode;
import org.letterbox.protocol.Frames;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorsTest {

    @Test
    void everyErrorCodeMapsToItsJmsExceptionSubclass() {
        assertEquals(JMSException.class, map(ErrorCode.GENERIC).getClass());
        assertEquals(IllegalStateException.class, map(ErrorCode.ILLEGAL_STATE).getClass());
        assertEquals(InvalidClientIDException.class, map(ErrorCode.INVALID_CLIENT_ID).getClass());
        assertEquals(InvalidDestinationException.class, map(ErrorCode.INVALID_DESTINATION).getClass());
        assertEquals(InvalidSelectorException.class, map(ErrorCode.INVALID_SELECTOR).getClass());
        assertEquals(JMSSecurityException.class, map(ErrorCode.SECURITY).getClass());
        assertEquals(TransactionRolledBackException.class, map(ErrorCode.TRANSACTION_ROLLED_BACK).getClass());
        assertEquals(ResourceAllocationException.class, map(ErrorCode.RESOURCE_ALLOCATION).getClass());
        assertEquals(MessageFormatException.class, map(ErrorCode.MESSAGE_FORMAT).getClass());
        assertEquals(JMSException.class, map(ErrorCode.PROTOCOL).getClass());
    }

    @Test
    void mappedExceptionKeepsTheBrokersTextAndNamesTheCode() {
        JMSException e = Errors.toException(new Frames.Error(7, ErrorCode.INVALID_DESTINATION, "no queue 'x'"));
        assertEquals("no queue 'x'", e.getMessage());
        assertEquals("INVALID_DESTINATION", e.getErrorCode());
    }

    @Test
    void errorWithoutTextStillHasAMessage() {
        JMSException e = Errors.toException(ErrorCode.SECURITY, null);
        assertNotNull(e.getMessage());
        assertTrue(e.getMessage().contains("security"));
    }

    @Test
    void copyKeepsTheSubclassAndLinksTheOriginal() {
        InvalidDestinationException original = new InvalidDestinationException("gone", "INVALID_DESTINATION");
        IOException io = new IOException("io");
        original.setLinkedException(io);
        JMSException copy = Errors.copy(original);
        assertInstanceOf(InvalidDestinationException.class, copy);
        assertEquals("gone", copy.getMessage());
        assertSame(original, copy.getCause());
        assertSame(io, copy.getLinkedException());
    }

    @Test
    void wrapLinksTheCause() {
        IOException io = new IOException("refused");
        JMSException e = Errors.wrap("cannot connect to localhost:1", io);
        assertSame(io, e.getLinkedException());
        assertSame(io, e.getCause());
        assertEquals("cannot connect to localhost:1", e.getMessage());
    }

    private static JMSException map(ErrorCode code) {
        return Errors.toException(new Frames.Error(1, code, "m"));
    }
}
