package org.letterbox.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.TextMessage;

/** A message whose body is a String (UTF-8 on the wire). */
public class LetterboxTextMessage extends LetterboxMessage implements TextMessage {
    private String text;

    @Override
    public void setText(String text) throws JMSException {
        checkBodyWritable();
        this.text = text;
    }

    @Override
    public String getText() {
        return text;
    }

    @Override
    Object bodyValue() {
        return text;
    }

    @Override
    Class<?> bodyClass() {
        return text == null ? null : String.class;
    }

    @Override
    void clearBodyContent() {
        text = null;
    }

    @Override
    MessageType messageType() {
        return MessageType.TEXT;
    }

    @Override
    int encodedBodySize() {
        return ByteArrayWriter.sizeOfString(text);
    }

    @Override
    void encodeBody(ByteArrayWriter out) {
        out.writeString(text);
    }

    @Override
    void decodeBody(ByteArrayReader in) throws JMSException {
        text = in.readString();
    }
}
