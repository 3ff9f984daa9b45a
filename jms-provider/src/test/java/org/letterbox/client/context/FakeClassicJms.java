package org.letterbox.client.context;

import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;

/**
 * A minimal in-memory stand-in for the classic API (dynamic proxies), enough to check what the simplified API asks
 * of it without a broker. It is NOT a JMS implementation: no acknowledgement, no redelivery, no selectors.
 */
final class FakeClassicJms {

    /** What was sent through a classic producer, with the producer options in force at that moment. */
    record Sent(Destination destination, Message message, int deliveryMode, int priority, long timeToLive,
                long deliveryDelay, boolean disableMessageId, boolean disableTimestamp, boolean async) {
    }

    /** Setting a property of this name makes the fake message's properties read-only from then on. */
    static final String READ_ONLY_MARKER = "readOnlyMarker";

    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
    final Map<String, Deque<Message>> queues = new HashMap<>();
    final List<Message> acknowledged = Collections.synchronizedList(new ArrayList<>());
    String clientId;
    boolean connectionClosed;
    Object exceptionListener;

    Connection connection() {
        return proxy(Connection.class, (p, m, a) -> switch (m.getName()) {
            case "createSession" -> {
                calls.add("createSession(" + (a.length == 1 ? a[0] : a[0] + "," + a[1]) + ")");
                yield session(a.length == 1 ? (Integer) a[0] : (Integer) a[1]);
            }
            case "setClientID" -> {
                if (clientId != null) {
                    throw new IllegalStateException("client ID already set");
                }
                clientId = (String) a[0];
                calls.add("setClientID");
                yield null;
            }
            case "getClientID" -> clientId;
            case "getMetaData" -> null;
            case "setExceptionListener" -> {
                exceptionListener = a[0];
                yield null;
            }
            case "getExceptionListener" -> exceptionListener;
            case "start", "stop" -> {
                calls.add(m.getName());
                yield null;
            }
            case "close" -> {
                calls.add("connection.close");
                connectionClosed = true;
                yield null;
            }
            default -> throw new UnsupportedOperationException(m.getName());
        });
    }

    Queue queue(String name) {
        return proxy(Queue.class, (p, m, a) -> switch (m.getName()) {
            case "getQueueName", "toString" -> name;
            default -> throw new UnsupportedOperationException(m.getName());
        });
    }

    Deque<Message> queueOf(Destination d) {
        synchronized (queues) {
            return queues.computeIfAbsent(d.toString(), k -> new ArrayDeque<>());
        }
    }

    private Session session(int mode) {
        boolean[] closed = {false};
        return proxy(Session.class, (p, m, a) -> {
            String name = m.getName();
            if (closed[0] && !name.equals("close")) {
                throw new IllegalStateException("session closed");
            }
            return switch (name) {
                case "createProducer" -> producer();
                case "createConsumer", "createDurableConsumer", "createSharedConsumer",
                        "createSharedDurableConsumer" -> {
                    calls.add(name);
                    int selectorIndex = name.equals("createConsumer") ? 1 : 2;
                    yield consumer((Destination) a[0], a.length > selectorIndex ? (String) a[selectorIndex] : null,
                            mode);
                }
                case "createTextMessage" -> message(TextMessage.class, a.length == 0 ? null : a[0]);
                case "createMapMessage" -> message(MapMessage.class, new LinkedHashMap<String, Object>());
                case "createBytesMessage" -> message(BytesMessage.class, new byte[0]);
                case "createObjectMessage" -> message(ObjectMessage.class, a.length == 0 ? null : a[0]);
                case "createStreamMessage" -> message(StreamMessage.class, null);
                case "createMessage" -> message(Message.class, null);
                case "createQueue" -> queue((String) a[0]);
                case "getAcknowledgeMode" -> mode;
                case "getTransacted" -> mode == Session.SESSION_TRANSACTED;
                case "commit", "rollback", "recover", "unsubscribe" -> {
                    calls.add(name);
                    yield null;
                }
                case "close" -> {
                    calls.add("session.close");
                    closed[0] = true;
                    yield null;
                }
                default -> throw new UnsupportedOperationException(name);
            };
        });
    }

    private MessageProducer producer() {
        long[] delay = {0};
        boolean[] flags = {false, false};
        return proxy(MessageProducer.class, (p, m, a) -> switch (m.getName()) {
            case "setDeliveryDelay" -> {
                delay[0] = (Long) a[0];
                yield null;
            }
            case "setDisableMessageID" -> {
                flags[0] = (Boolean) a[0];
                yield null;
            }
            case "setDisableMessageTimestamp" -> {
                flags[1] = (Boolean) a[0];
                yield null;
            }
            case "send" -> {
                Destination d = (Destination) a[0];
                Message msg = (Message) a[1];
                boolean async = a.length == 6;
                sent.add(new Sent(d, msg, (Integer) a[2], (Integer) a[3], (Long) a[4], delay[0], flags[0],
                        flags[1], async));
                queueOf(d).add(msg);
                if (async) {
                    CompletionListener listener = (CompletionListener) a[5];
                    Thread t = new Thread(() -> listener.onCompletion(msg), "fake-completion");
                    t.start();
                }
                yield null;
            }
            case "close" -> null;
            default -> throw new UnsupportedOperationException(m.getName());
        });
    }

    /**
     * A consumer that also implements {@link ReceiveBodySupport} like Letterbox's: in AUTO/DUPS_OK a message whose
     * body is refused stays first in the queue.
     */
    private MessageConsumer consumer(Destination destination, String selector, int mode) {
        Object[] listener = {null};
        boolean[] closed = {false};
        Handler handler = (p, m, a) -> {
            String name = m.getName();
            if (closed[0] && !name.equals("close")) {
                throw new IllegalStateException("consumer closed");
            }
            return switch (name) {
                case "receive", "receiveNoWait" -> queueOf(destination).poll();
                case "receiveCheckingBody" -> {
                    Deque<Message> queue = queueOf(destination);
                    Message head = queue.peek();
                    if (head == null) {
                        yield null;
                    }
                    boolean autoAck = mode == Session.AUTO_ACKNOWLEDGE || mode == Session.DUPS_OK_ACKNOWLEDGE;
                    try {
                        MessageBodies.bodyForReceive(head, (Class<?>) a[0]);
                    } catch (MessageFormatException e) {
                        if (!autoAck) {
                            queue.poll();
                        }
                        throw e;
                    }
                    yield queue.poll();
                }
                case "getMessageSelector" -> selector;
                case "setMessageListener" -> {
                    listener[0] = a[0];
                    yield null;
                }
                case "getMessageListener" -> listener[0];
                case "close" -> {
                    closed[0] = true;
                    yield null;
                }
                default -> throw new UnsupportedOperationException(name);
            };
        };
        return (MessageConsumer) Proxy.newProxyInstance(FakeClassicJms.class.getClassLoader(),
                new Class<?>[]{MessageConsumer.class, ReceiveBodySupport.class},
                (p, m, a) -> handler.invoke(p, m, a == null ? new Object[0] : a));
    }

    /** A fake message of the given type with the given body (text, map, bytes, object or null). */
    @SuppressWarnings("unchecked")
    <T extends Message> T message(Class<T> type, Object initialBody) {
        Map<String, Object> properties = new LinkedHashMap<>();
        Map<String, Object> headers = new HashMap<>();
        Object[] body = {initialBody};
        return proxy(type, (p, m, a) -> {
            String name = m.getName();
            switch (name) {
                case "toString":
                    return type.getSimpleName() + "@" + System.identityHashCode(p);
                case "hashCode":
                    return System.identityHashCode(p);
                case "equals":
                    return p == a[0];
                case "acknowledge":
                    acknowledged.add((Message) p);
                    return null;
                case "setText":
                case "setObject":
                    if (a.length == 1) {
                        body[0] = a[0];
                        return null;
                    }
                    if (!(a[1] == null || a[1] instanceof String || a[1] instanceof Number
                            || a[1] instanceof Boolean || a[1] instanceof byte[])) {
                        throw new MessageFormatException("bad map value");
                    }
                    ((Map<String, Object>) body[0]).put((String) a[0], a[1]);
                    return null;
                case "getText":
                case "getObject":
                    return body[0];
                case "writeBytes":
                    body[0] = ((byte[]) a[0]).clone();
                    return null;
                case "getBody":
                    return getBody(type, body[0], (Class<?>) a[0]);
                case "propertyExists":
                    return properties.containsKey(a[0]);
                case "getObjectProperty":
                case "getStringProperty":
                    return properties.get(a[0]);
                default:
                    break;
            }
            if (name.startsWith("set") && name.endsWith("Property")) {
                if (properties.containsKey(READ_ONLY_MARKER)) {
                    throw new MessageNotWriteableException("properties are read-only");
                }
                properties.put((String) a[0], a[1]);
                return null;
            }
            if (name.startsWith("setJMS")) {
                headers.put(name.substring(3), a[0]);
                return null;
            }
            if (name.startsWith("getJMS")) {
                return headers.get(name.substring(3));
            }
            throw new UnsupportedOperationException(name);
        });
    }

    private static Object getBody(Class<?> type, Object body, Class<?> c) throws MessageFormatException {
        if (type == StreamMessage.class) {
            throw new MessageFormatException("stream");
        }
        if (body == null || type == Message.class) {
            return null;
        }
        if (body instanceof Map<?, ?> map && map.isEmpty() || body instanceof byte[] b && b.length == 0) {
            return null;
        }
        if (!c.isInstance(body)) {
            throw new MessageFormatException("body is a " + body.getClass().getSimpleName());
        }
        return body instanceof Serializable ? c.cast(body) : body;
    }

    @SuppressWarnings("unchecked")
    static <T> T proxy(Class<T> type, Handler handler) {
        InvocationHandler h = (p, m, a) -> handler.invoke(p, m, a == null ? new Object[0] : a);
        return (T) Proxy.newProxyInstance(FakeClassicJms.class.getClassLoader(), new Class<?>[]{type}, h);
    }

    @FunctionalInterface
    interface Handler {
        Object invoke(Object proxy, Method method, Object[] args) throws Throwable;
    }
}
