package org.letterbox.client.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import jakarta.jms.IllegalStateException;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.InvalidClientIDRuntimeException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.InvalidSelectorRuntimeException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.MessageNotWriteableRuntimeException;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.ResourceAllocationRuntimeException;
import jakarta.jms.TransactionInProgressException;
import jakarta.jms.TransactionInProgressRuntimeException;
import jakarta.jms.TransactionRolledBackException;
import jakarta.jms.TransactionRolledBackRuntimeException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JmsExceptionsTest {

    static Stream<Arguments> pairs() {
        return Stream.of(
                pair(IllegalStateException::new, IllegalStateRuntimeException.class),
                pair(InvalidClientIDException::new, InvalidClientIDRuntimeException.class),
                pair(InvalidDestinationException::new, InvalidDestinationRuntimeException.class),
                pair(InvalidSelectorException::new, InvalidSelectorRuntimeException.class),
                pair(JMSSecurityException::new, JMSSecurityRuntimeException.class),
                pair(MessageFormatException::new, MessageFormatRuntimeException.class),
                pair(MessageNotWriteableException::new, MessageNotWriteableRuntimeException.class),
                pair(ResourceAllocationException::new, ResourceAllocationRuntimeException.class),
                pair(TransactionInProgressException::new, TransactionInProgressRuntimeException.class),
                pair(TransactionRolledBackException::new, TransactionRolledBackRuntimeException.class),
                pair(JMSException::new, JMSRuntimeException.class),
                // no runtime counterpart: plain JMSRuntimeException
                pair(MessageEOFException::new, JMSRuntimeException.class),
                pair(MessageNotReadableException::new, JMSRuntimeException.class));
    }

    private static Arguments pair(BiFunction<String, String, JMSException> factory,
                                  Class<? extends JMSRuntimeException> expected) {
        return Arguments.of(factory, expected);
    }

    @ParameterizedTest
    @MethodSource("pairs")
    void eachCheckedExceptionMapsToItsRuntimeCounterpartKeepingMessageCodeAndItselfAsCause(
            BiFunction<String, String, JMSException> factory, Class<? extends JMSRuntimeException> expected) {
        JMSException e = factory.apply("boom", "E42");
        JMSRuntimeException mapped = JmsExceptions.toRuntime(e);
        assertSame(expected, mapped.getClass());
        assertEquals("boom", mapped.getMessage());
        assertEquals("E42", mapped.getErrorCode());
        assertSame(e, mapped.getCause());
    }

    @ParameterizedTest
    @MethodSource("pairs")
    void theLinkedExceptionBecomesTheCauseWhenPresent(BiFunction<String, String, JMSException> factory,
                                                      Class<? extends JMSRuntimeException> expected) {
        JMSException e = factory.apply("boom", null);
        IOException linked = new IOException("socket closed");
        e.setLinkedException(linked);
        JMSRuntimeException mapped = JmsExceptions.toRuntime(e);
        assertSame(expected, mapped.getClass());
        assertSame(linked, mapped.getCause());
        assertEquals(null, mapped.getErrorCode());
    }

    @Test
    void aSubclassOfAStandardSubclassMapsLikeItsParent() {
        class ProviderSecurityException extends JMSSecurityException {
            ProviderSecurityException() {
                super("denied", "AUTH");
            }
        }
        assertSame(JMSSecurityRuntimeException.class,
                JmsExceptions.toRuntime(new ProviderSecurityException()).getClass());
    }

    @Test
    void runtimeExceptionsPassThroughAndOthersAreWrapped() {
        JMSRuntimeException runtime = new InvalidDestinationRuntimeException("x");
        assertSame(runtime, JmsExceptions.toRuntime((Throwable) runtime));
        Throwable checked = new InvalidSelectorException("bad selector");
        assertSame(InvalidSelectorRuntimeException.class, JmsExceptions.toRuntime(checked).getClass());
        IOException io = new IOException("io");
        JMSRuntimeException wrapped = JmsExceptions.toRuntime((Throwable) io);
        assertSame(JMSRuntimeException.class, wrapped.getClass());
        assertSame(io, wrapped.getCause());
        assertEquals("io", wrapped.getMessage());
    }
}
