package org.letterbox.jms.message;

import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.MessageNotWriteableException;
import org.letterbox.jms.LetterboxDestination;
import org.letterbox.selector.SelectorContext;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The plain JMS message (headers and properties, no body) and the base of the five body types.
 *
 * <p>Besides what {@link MessageCodec} encodes, a message carries per-delivery state that the client
 * sets on each delivery: the delivery count (behind {@code JMSRedelivered} and {@code JMSXDeliveryCount})
 * and the acknowledge callback. {@link #markReceived()} turns a decoded message into a received one.
 */
public class LetterboxMessage implements Message, SelectorContext {
    static final String DELIVERY_COUNT = "JMSXDeliveryCount";

    private String messageId;
    private long timestamp;
    private String correlationId;        // at most one of these two is set
    private byte[] correlationIdBytes;
    private LetterboxDestination replyTo;
    private LetterboxDestination destination;
    private int deliveryMode = DeliveryMode.PERSISTENT;
    private String type;
    private long expiration;
    private long deliveryTime;
    private int priority = Message.DEFAULT_PRIORITY;

    private final MessageProperties properties = new MessageProperties();
    private boolean bodyReadOnly;

    // per delivery: never encoded
    private int deliveryCount;
    private Boolean redelivered; // null until set explicitly; then it wins over the delivery count
    private AcknowledgeCallback acknowledgeCallback;

    // ---- lifecycle, called by the client ----

    /** Makes properties and body read-only, as the spec requires of a received message; Bytes and Stream bodies go to read mode. */
    public void markReceived() {
        properties.makeReadOnly();
        makeBodyReadOnly();
    }

    /** How many times this message has been delivered, 1 on the first delivery; 0 for a message not delivered yet. */
    public void setDeliveryCount(int deliveryCount) {
        this.deliveryCount = deliveryCount;
    }

    public int getDeliveryCount() {
        return deliveryCount;
    }

    public void setAcknowledgeCallback(AcknowledgeCallback acknowledgeCallback) {
        this.acknowledgeCallback = acknowledgeCallback;
    }

    @Override
    public void acknowledge() throws JMSException {
        if (acknowledgeCallback != null) {
            acknowledgeCallback.acknowledge();
        }
    }

    // ---- headers ----

    @Override
    public String getJMSMessageID() {
        return messageId;
    }

    @Override
    public void setJMSMessageID(String id) {
        this.messageId = id;
    }

    @Override
    public long getJMSTimestamp() {
        return timestamp;
    }

    @Override
    public void setJMSTimestamp(long timestamp) {
        this.timestamp = timestamp;
    }

    /** The bytes if set as bytes, else the UTF-8 form of the string id, else null. */
    @Override
    public byte[] getJMSCorrelationIDAsBytes() {
        if (correlationIdBytes != null) {
            return correlationIdBytes.clone();
        }
        return correlationId == null ? null : correlationId.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void setJMSCorrelationIDAsBytes(byte[] correlationId) {
        this.correlationIdBytes = correlationId == null ? null : correlationId.clone();
        this.correlationId = null;
    }

    @Override
    public void setJMSCorrelationID(String correlationId) {
        this.correlationId = correlationId;
        this.correlationIdBytes = null;
    }

    /** The string id, or the UTF-8 reading of an id set as bytes (so selectors can still match it). */
    @Override
    public String getJMSCorrelationID() {
        if (correlationIdBytes != null) {
            return new String(correlationIdBytes, StandardCharsets.UTF_8);
        }
        return correlationId;
    }

    /** The id exactly as set as bytes, or null; not copied (for the codec). */
    byte[] correlationIdBytes() {
        return correlationIdBytes;
    }

    @Override
    public LetterboxDestination getJMSReplyTo() {
        return replyTo;
    }

    @Override
    public void setJMSReplyTo(Destination replyTo) throws JMSException {
        this.replyTo = LetterboxDestination.from(replyTo);
    }

    @Override
    public LetterboxDestination getJMSDestination() {
        return destination;
    }

    @Override
    public void setJMSDestination(Destination destination) throws JMSException {
        this.destination = LetterboxDestination.from(destination);
    }

    @Override
    public int getJMSDeliveryMode() {
        return deliveryMode;
    }

    @Override
    public void setJMSDeliveryMode(int deliveryMode) {
        this.deliveryMode = deliveryMode;
    }

    /** As set explicitly, else whether this is a second or later delivery. */
    @Override
    public boolean getJMSRedelivered() {
        return redelivered != null ? redelivered : deliveryCount > 1;
    }

    @Override
    public void setJMSRedelivered(boolean redelivered) {
        this.redelivered = redelivered;
    }

    @Override
    public String getJMSType() {
        return type;
    }

    @Override
    public void setJMSType(String type) {
        this.type = type;
    }

    @Override
    public long getJMSExpiration() {
        return expiration;
    }

    @Override
    public void setJMSExpiration(long expiration) {
        this.expiration = expiration;
    }

    @Override
    public long getJMSDeliveryTime() {
        return deliveryTime;
    }

    @Override
    public void setJMSDeliveryTime(long deliveryTime) {
        this.deliveryTime = deliveryTime;
    }

    @Override
    public int getJMSPriority() {
        return priority;
    }

    @Override
    public void setJMSPriority(int priority) {
        this.priority = priority;
    }

    // ---- properties ----

    @Override
    public void clearProperties() {
        properties.clear();
    }

    @Override
    public boolean propertyExists(String name) {
        return isDeliveryCount(name) || properties.contains(name);
    }

    @Override
    public boolean getBooleanProperty(String name) throws JMSException {
        return ValueConversions.toBoolean(property(name));
    }

    @Override
    public byte getByteProperty(String name) throws JMSException {
        return ValueConversions.toByte(property(name));
    }

    @Override
    public short getShortProperty(String name) throws JMSException {
        return ValueConversions.toShort(property(name));
    }

    @Override
    public int getIntProperty(String name) throws JMSException {
        return ValueConversions.toInt(property(name));
    }

    @Override
    public long getLongProperty(String name) throws JMSException {
        return ValueConversions.toLong(property(name));
    }

    @Override
    public float getFloatProperty(String name) throws JMSException {
        return ValueConversions.toFloat(property(name));
    }

    @Override
    public double getDoubleProperty(String name) throws JMSException {
        return ValueConversions.toDouble(property(name));
    }

    @Override
    public String getStringProperty(String name) throws JMSException {
        return ValueConversions.toString(property(name));
    }

    @Override
    public Object getObjectProperty(String name) {
        return property(name);
    }

    @Override
    public Enumeration<String> getPropertyNames() {
        List<String> names = new ArrayList<>(properties.names());
        if (deliveryCount > 0 && !properties.contains(DELIVERY_COUNT)) {
            names.add(DELIVERY_COUNT);
        }
        return Collections.enumeration(names);
    }

    @Override
    public void setBooleanProperty(String name, boolean value) throws JMSException {
        properties.set(name, value);
    }

    @Override
    public void setByteProperty(String name, byte value) throws JMSException {
        properties.set(name, value);
    }

    @Override
    public void setShortProperty(String name, short value) throws JMSException {
        properties.set(name, value);
    }

    @Override
    public void setIntProperty(String name, int value) throws JMSException {
        properties.set(name, value);
    }

    @Override
    public void setLongProperty(String name, long value) throws JMSException {
        properties.set(name, value);
    }

    @Override
    public void setFloatProperty(String name, float value) throws JMSException {
        properties.set(name, value);
    }

    @Override
    public void setDoubleProperty(String name, double value) throws JMSException {
        properties.set(name, value);
    }

    @Override
    public void setStringProperty(String name, String value) throws JMSException {
        properties.set(name, value);
    }

    /** A primitive wrapper (not Character) or a String; null stores a property that exists with no value. */
    @Override
    public void setObjectProperty(String name, Object value) throws JMSException {
        if (!ValueConversions.isPropertyValue(value)) {
            throw new MessageFormatException("a property cannot hold a " + value.getClass().getName()
                    + "; use a primitive wrapper (not Character) or a String");
        }
        properties.set(name, value);
    }

    MessageProperties properties() {
        return properties;
    }

    /** JMSXDeliveryCount is the provider's on a delivered message, whatever the application stored. */
    private boolean isDeliveryCount(String name) {
        return deliveryCount > 0 && DELIVERY_COUNT.equals(name);
    }

    private Object property(String name) {
        return isDeliveryCount(name) ? Integer.valueOf(deliveryCount) : properties.get(name);
    }

    // ---- selector ----

    @Override
    public Object get(String identifier) {
        return switch (identifier) {
            case "JMSDeliveryMode" -> deliveryMode == DeliveryMode.PERSISTENT ? "PERSISTENT" : "NON_PERSISTENT";
            case "JMSPriority" -> priority;
            case "JMSMessageID" -> messageId;
            case "JMSTimestamp" -> timestamp;
            case "JMSCorrelationID" -> getJMSCorrelationID();
            case "JMSType" -> type;
            default -> property(identifier);
        };
    }

    // ---- body ----

    @Override
    public void clearBody() {
        bodyReadOnly = false;
        clearBodyContent();
    }

    /** The body as the given type; null when there is no body (whatever the type), per the JMS 2.0 javadoc. */
    @Override
    public <T> T getBody(Class<T> type) throws JMSException {
        Object body = bodyValue();
        if (body == null) {
            return null;
        }
        if (!type.isInstance(body)) {
            throw new MessageFormatException("the body of a " + getClass().getSimpleName() + " cannot be read as " + type.getName());
        }
        return type.cast(body);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public boolean isBodyAssignableTo(Class type) throws JMSException {
        Class<?> bodyClass = bodyClass();
        return bodyClass == null || ((Class<?>) type).isAssignableFrom(bodyClass);
    }

    /** The body for {@link #getBody}, a copy the application may keep; null when there is none. */
    Object bodyValue() throws JMSException {
        return null;
    }

    /** The class {@link #bodyValue()} is assignable to, or null when there is no body. */
    Class<?> bodyClass() {
        return null;
    }

    void clearBodyContent() {
    }

    boolean isBodyReadOnly() {
        return bodyReadOnly;
    }

    /** Received, or reset() on a Bytes/Stream message: overridden where read mode means more. */
    void makeBodyReadOnly() {
        bodyReadOnly = true;
    }

    void checkBodyWritable() throws MessageNotWriteableException {
        if (bodyReadOnly) {
            throw new MessageNotWriteableException("the message body is read-only; call clearBody() first");
        }
    }

    /** For Bytes and Stream messages, where read-only and read mode are the same state. */
    void checkBodyReadable() throws MessageNotReadableException {
        if (!bodyReadOnly) {
            throw new MessageNotReadableException("the message body is write-only; call reset() first");
        }
    }

    // ---- codec hooks ----

    MessageType messageType() {
        return MessageType.PLAIN;
    }

    int encodedBodySize() {
        return 0;
    }

    void encodeBody(ByteArrayWriter out) {
    }

    void decodeBody(ByteArrayReader in) throws JMSException {
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[id=" + messageId + ", destination=" + destination + "]";
    }
}
