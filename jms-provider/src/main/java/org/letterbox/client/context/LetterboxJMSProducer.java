package org.letterbox.client.context;

import org.letterbox.jms.message.PropertyNames;
import org.letterbox.jms.message.ValueConversions;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageFormatRuntimeException;

/**
 * The simplified API's {@link JMSProducer}: a light object holding send options, message properties and message
 * headers, which it applies to every message it sends through its {@link LetterboxJMSContext}'s shared anonymous
 * classic producer.
 *
 * <ul>
 * <li>Defaults: PERSISTENT, priority 4, time to live 0 (unlimited), delivery delay 0, message IDs and timestamps
 * enabled, synchronous sends.</li>
 * <li>{@link #setDeliveryMode(int)} accepts only PERSISTENT/NON_PERSISTENT and {@link #setPriority(int)} only 0-9;
 * anything else throws {@link JMSRuntimeException} at once. Time to live and delivery delay are passed to the classic
 * producer unchecked.</li>
 * <li>Properties follow {@link PropertyNames} and {@link ValueConversions}: names must be valid identifiers (else
 * {@link IllegalArgumentException}), values Boolean/Byte/Short/Integer/Long/Float/Double/String (else
 * {@link MessageFormatRuntimeException}), reads convert per the spec's table. They are set on each message before it
 * is sent, overriding properties of the same name already on the message; a message whose properties are read-only
 * (e.g. a received one) then fails with MessageNotWriteableRuntimeException.</li>
 * <li>JMSCorrelationID (as String or bytes, whichever was set last), JMSType and JMSReplyTo are set on each message
 * only if they were set on this producer (non-null), overriding the message's own values.</li>
 * <li>With a CompletionListener ({@link #setAsync(CompletionListener)}) sends are asynchronous; JMSExceptions
 * reported to the listener are mapped to JMSRuntimeExceptions.</li>
 * </ul>
 */
public final class LetterboxJMSProducer implements JMSProducer {

    private final LetterboxJMSContext context;

    private int deliveryMode = DeliveryMode.PERSISTENT;
    private int priority = Message.DEFAULT_PRIORITY;
    private long timeToLive = Message.DEFAULT_TIME_TO_LIVE;
    private long deliveryDelay = Message.DEFAULT_DELIVERY_DELAY;
    private boolean disableMessageId;
    private boolean disableMessageTimestamp;
    private CompletionListener completionListener;

    private final Map<String, Object> properties = new LinkedHashMap<>();

    private String correlationId;
    private byte[] correlationIdBytes;
    private String type;
    private Destination replyTo;

    LetterboxJMSProducer(LetterboxJMSContext context) {
        this.context = context;
    }

    // ------------------------------------------------------------------------------------------------ sends

    @Override
    public JMSProducer send(Destination destination, Message message) {
        if (message == null) {
            throw new MessageFormatRuntimeException("The message to send must not be null");
        }
        checkDestination(destination);
        try {
            applyTo(message);
        } catch (JMSException e) {
            throw JmsExceptions.toRuntime(e);
        }
        context.send(destination, message, this);
        return this;
    }

    @Override
    public JMSProducer send(Destination destination, String body) {
        checkDestination(destination);
        return send(destination, context.createTextMessage(body));
    }

    @Override
    public JMSProducer send(Destination destination, Map<String, Object> body) {
        checkDestination(destination);
        MapMessage message = context.createMapMessage();
        if (body != null) {
            try {
                for (Map.Entry<String, Object> entry : body.entrySet()) {
                    message.setObject(entry.getKey(), entry.getValue());
                }
            } catch (JMSException e) {
                throw JmsExceptions.toRuntime(e);
            }
        }
        return send(destination, message);
    }

    @Override
    public JMSProducer send(Destination destination, byte[] body) {
        checkDestination(destination);
        BytesMessage message = context.createBytesMessage();
        if (body != null) {
            try {
                message.writeBytes(body);
            } catch (JMSException e) {
                throw JmsExceptions.toRuntime(e);
            }
        }
        return send(destination, message);
    }

    @Override
    public JMSProducer send(Destination destination, Serializable body) {
        checkDestination(destination);
        return send(destination, context.createObjectMessage(body));
    }

    private void checkDestination(Destination destination) {
        context.checkOpen();
        if (destination == null) {
            throw new InvalidDestinationRuntimeException("The destination must not be null");
        }
    }

    /** Sets this producer's properties and headers on {@code message}. */
    private void applyTo(Message message) throws JMSException {
        for (Map.Entry<String, Object> entry : properties.entrySet()) {
            if (entry.getValue() == null) {
                message.setStringProperty(entry.getKey(), null);
            } else {
                message.setObjectProperty(entry.getKey(), entry.getValue());
            }
        }
        if (correlationIdBytes != null) {
            message.setJMSCorrelationIDAsBytes(correlationIdBytes.clone());
        } else if (correlationId != null) {
            message.setJMSCorrelationID(correlationId);
        }
        if (type != null) {
            message.setJMSType(type);
        }
        if (replyTo != null) {
            message.setJMSReplyTo(replyTo);
        }
    }

    // ------------------------------------------------------------------------------------------------ options

    @Override
    public JMSProducer setDisableMessageID(boolean value) {
        disableMessageId = value;
        return this;
    }

    @Override
    public boolean getDisableMessageID() {
        return disableMessageId;
    }

    @Override
    public JMSProducer setDisableMessageTimestamp(boolean value) {
        disableMessageTimestamp = value;
        return this;
    }

    @Override
    public boolean getDisableMessageTimestamp() {
        return disableMessageTimestamp;
    }

    @Override
    public JMSProducer setDeliveryMode(int deliveryMode) {
        if (deliveryMode != DeliveryMode.PERSISTENT && deliveryMode != DeliveryMode.NON_PERSISTENT) {
            throw new JMSRuntimeException("Invalid delivery mode " + deliveryMode
                    + " (expected DeliveryMode.PERSISTENT or DeliveryMode.NON_PERSISTENT)");
        }
        this.deliveryMode = deliveryMode;
        return this;
    }

    @Override
    public int getDeliveryMode() {
        return deliveryMode;
    }

    @Override
    public JMSProducer setPriority(int priority) {
        if (priority < 0 || priority > 9) {
            throw new JMSRuntimeException("Invalid priority " + priority + " (expected 0 to 9)");
        }
        this.priority = priority;
        return this;
    }

    @Override
    public int getPriority() {
        return priority;
    }

    @Override
    public JMSProducer setTimeToLive(long timeToLive) {
        this.timeToLive = timeToLive;
        return this;
    }

    @Override
    public long getTimeToLive() {
        return timeToLive;
    }

    @Override
    public JMSProducer setDeliveryDelay(long deliveryDelay) {
        this.deliveryDelay = deliveryDelay;
        return this;
    }

    @Override
    public long getDeliveryDelay() {
        return deliveryDelay;
    }

    @Override
    public JMSProducer setAsync(CompletionListener completionListener) {
        this.completionListener = completionListener;
        return this;
    }

    @Override
    public CompletionListener getAsync() {
        return completionListener;
    }

    // ------------------------------------------------------------------------------------------------ properties

    @Override
    public JMSProducer setProperty(String name, boolean value) {
        return put(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, byte value) {
        return put(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, short value) {
        return put(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, int value) {
        return put(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, long value) {
        return put(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, float value) {
        return put(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, double value) {
        return put(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, String value) {
        return put(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, Object value) {
        PropertyNames.check(name);
        if (!ValueConversions.isPropertyValue(value)) {
            throw JmsExceptions.toRuntime(new MessageFormatException("Invalid property value type: "
                    + value.getClass().getName() + " (allowed: Boolean, Byte, Short, Integer, Long, Float, Double, String)"));
        }
        properties.put(name, value);
        return this;
    }

    private JMSProducer put(String name, Object value) {
        PropertyNames.check(name);
        properties.put(name, value);
        return this;
    }

    @Override
    public JMSProducer clearProperties() {
        properties.clear();
        return this;
    }

    @Override
    public boolean propertyExists(String name) {
        return properties.containsKey(name);
    }

    @Override
    public boolean getBooleanProperty(String name) {
        try {
            return ValueConversions.toBoolean(properties.get(name));
        } catch (MessageFormatException e) {
            throw JmsExceptions.toRuntime(e);
        }
    }

    @Override
    public byte getByteProperty(String name) {
        try {
            return ValueConversions.toByte(properties.get(name));
        } catch (MessageFormatException e) {
            throw JmsExceptions.toRuntime(e);
        }
    }

    @Override
    public short getShortProperty(String name) {
        try {
            return ValueConversions.toShort(properties.get(name));
        } catch (MessageFormatException e) {
            throw JmsExceptions.toRuntime(e);
        }
    }

    @Override
    public int getIntProperty(String name) {
        try {
            return ValueConversions.toInt(properties.get(name));
        } catch (MessageFormatException e) {
            throw JmsExceptions.toRuntime(e);
        }
    }

    @Override
    public long getLongProperty(String name) {
        try {
            return ValueConversions.toLong(properties.get(name));
        } catch (MessageFormatException e) {
            throw JmsExceptions.toRuntime(e);
        }
    }

    @Override
    public float getFloatProperty(String name) {
        try {
            return ValueConversions.toFloat(properties.get(name));
        } catch (MessageFormatException e) {
            throw JmsExceptions.toRuntime(e);
        }
    }

    @Override
    public double getDoubleProperty(String name) {
        try {
            return ValueConversions.toDouble(properties.get(name));
        } catch (MessageFormatException e) {
            throw JmsExceptions.toRuntime(e);
        }
    }

    @Override
    public String getStringProperty(String name) {
        try {
            return ValueConversions.toString(properties.get(name));
        } catch (MessageFormatException e) {
            throw JmsExceptions.toRuntime(e); // cannot happen: producer properties are never byte[]
        }
    }

    @Override
    public Object getObjectProperty(String name) {
        return properties.get(name);
    }

    /** A snapshot of the names of the properties set on this producer (not backed by it, not modifiable). */
    @Override
    public Set<String> getPropertyNames() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(properties.keySet()));
    }

    // ------------------------------------------------------------------------------------------------ headers

    @Override
    public JMSProducer setJMSCorrelationIDAsBytes(byte[] correlationID) {
        this.correlationIdBytes = correlationID == null ? null : correlationID.clone();
        this.correlationId = null;
        return this;
    }

    /** The correlation ID as bytes; one set as a String is returned as its UTF-8 bytes. */
    @Override
    public byte[] getJMSCorrelationIDAsBytes() {
        if (correlationIdBytes != null) {
            return correlationIdBytes.clone();
        }
        return correlationId == null ? null : correlationId.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public JMSProducer setJMSCorrelationID(String correlationID) {
        this.correlationId = correlationID;
        this.correlationIdBytes = null;
        return this;
    }

    /** The correlation ID; one set as bytes is returned decoded as UTF-8. */
    @Override
    public String getJMSCorrelationID() {
        if (correlationIdBytes != null) {
            return new String(correlationIdBytes, StandardCharsets.UTF_8);
        }
        return correlationId;
    }

    @Override
    public JMSProducer setJMSType(String type) {
        this.type = type;
        return this;
    }

    @Override
    public String getJMSType() {
        return type;
    }

    @Override
    public JMSProducer setJMSReplyTo(Destination replyTo) {
        this.replyTo = replyTo;
        return this;
    }

    @Override
    public Destination getJMSReplyTo() {
        return replyTo;
    }
}
