package org.letterbox.jms.message;

import jakarta.jms.MessageNotWriteableException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A message's properties in insertion order, with the name rules and the read-only state of received messages. */
final class MessageProperties {
    private Map<String, Object> values; // created on the first put: many messages carry no properties
    private boolean readOnly;

    Object get(String name) {
        return values == null ? null : values.get(name);
    }

    boolean contains(String name) {
        return values != null && values.containsKey(name);
    }

    Set<String> names() {
        return values == null ? Collections.emptySet() : values.keySet();
    }

    Set<Map.Entry<String, Object>> entries() {
        return values == null ? Collections.emptySet() : values.entrySet();
    }

    int size() {
        return values == null ? 0 : values.size();
    }

    /** An application write: checks the name and that the properties are writable. */
    void set(String name, Object value) throws MessageNotWriteableException {
        PropertyNames.check(name);
        if (readOnly) {
            throw new MessageNotWriteableException("the properties of a received message are read-only; call clearProperties() first");
        }
        put(name, value);
    }

    /** A trusted write from the codec. */
    void put(String name, Object value) {
        if (values == null) {
            values = new LinkedHashMap<>();
        }
        values.put(name, value);
    }

    void makeReadOnly() {
        readOnly = true;
    }

    void clear() {
        values = null;
        readOnly = false;
    }
}
