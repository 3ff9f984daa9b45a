package org.letterbox.jndi;

import org.letterbox.client.BrokerUrl;
import org.letterbox.jms.LetterboxConnectionFactory;
import org.letterbox.jms.LetterboxQueue;
import org.letterbox.jms.LetterboxTopic;

import javax.naming.ConfigurationException;
import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.spi.InitialContextFactory;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * JNDI without a naming server: the objects are described by the environment, ActiveMQ/Qpid style.
 *
 * <pre>
 * java.naming.factory.initial = org.letterbox.jndi.LetterboxInitialContextFactory
 * java.naming.provider.url    = tcp://localhost:61616                # optional, this is the default
 * connectionFactory.MyCF      = tcp://localhost:61616?clientId=cts   # a LetterboxConnectionFactory
 * queue.MyQueue               = orders                               # a Queue with physical name "orders"
 * topic.MyTopic               = prices                               # a Topic with physical name "prices"
 * </pre>
 *
 * <ul>
 *   <li>The prefixes are matched case-insensitively ({@code connectionfactory.} as in Qpid works too). A blank
 *       {@code connectionFactory.*} value means the provider URL; a blank {@code queue.*}/{@code topic.*} value
 *       means the JNDI name is also the physical name.</li>
 *   <li>Without any {@code connectionFactory.*} key, {@code ConnectionFactory}, {@code QueueConnectionFactory}
 *       and {@code TopicConnectionFactory} are bound (three separate, equal factories) to
 *       {@code java.naming.provider.url}, default {@value BrokerUrl#DEFAULT_URL}.</li>
 *   <li>{@code dynamicQueues/NAME} and {@code dynamicTopics/NAME} need no configuration; see {@link LetterboxContext}.</li>
 *   <li>An invalid URL, an empty name or a name configured twice fails the context's creation with a
 *       {@link ConfigurationException} naming the key.</li>
 *   <li>{@code jndi.properties}: {@link javax.naming.InitialContext} already merges every {@code jndi.properties}
 *       on the classpath into the environment before calling this factory, so this factory does not read it again.
 *       (Calling {@link #getInitialContext} directly uses only the given environment.)</li>
 *   <li>{@code java.naming.security.principal}/{@code credentials} are not applied to the factories; use the URL's
 *       {@code user}/{@code password} options.</li>
 * </ul>
 */
public final class LetterboxInitialContextFactory implements InitialContextFactory {

    public static final String CONNECTION_FACTORY_PREFIX = "connectionFactory.";
    public static final String QUEUE_PREFIX = "queue.";
    public static final String TOPIC_PREFIX = "topic.";

    /** The names bound when the environment configures no connection factory. */
    public static final String[] DEFAULT_FACTORY_NAMES = {
            "ConnectionFactory", "QueueConnectionFactory", "TopicConnectionFactory"};

    @Override
    public Context getInitialContext(Hashtable<?, ?> environment) throws NamingException {
        Hashtable<?, ?> env = environment == null ? new Hashtable<>() : environment;
        return new LetterboxContext(bindingsFrom(env), env);
    }

    /** The objects {@code environment} describes, by JNDI name (prefixes {@code java:} etc. already stripped). */
    static Map<String, Object> bindingsFrom(Map<?, ?> environment) throws NamingException {
        String providerUrl = stringValue(environment.get(Context.PROVIDER_URL));
        if (providerUrl == null || providerUrl.isBlank()) {
            providerUrl = BrokerUrl.DEFAULT_URL;
        }
        Map<String, Object> bindings = new LinkedHashMap<>();
        Map<String, String> sources = new TreeMap<>();
        boolean anyFactory = false;

        // sorted, so the first of two clashing keys is always the same one
        Map<String, Object> sorted = new TreeMap<>();
        environment.forEach((k, v) -> {
            if (k instanceof String s) {
                sorted.put(s, v);
            }
        });
        for (Map.Entry<String, Object> entry : sorted.entrySet()) {
            String key = entry.getKey();
            String value = stringValue(entry.getValue());
            String trimmed = value == null ? "" : value.strip();
            if (startsWithIgnoreCase(key, CONNECTION_FACTORY_PREFIX)) {
                anyFactory = true;
                String name = name(key, CONNECTION_FACTORY_PREFIX);
                String url = trimmed.isEmpty() ? providerUrl : trimmed;
                put(bindings, sources, name, key, factory(key, url));
            } else if (startsWithIgnoreCase(key, QUEUE_PREFIX)) {
                String name = name(key, QUEUE_PREFIX);
                put(bindings, sources, name, key, new LetterboxQueue(trimmed.isEmpty() ? name : trimmed));
            } else if (startsWithIgnoreCase(key, TOPIC_PREFIX)) {
                String name = name(key, TOPIC_PREFIX);
                put(bindings, sources, name, key, new LetterboxTopic(trimmed.isEmpty() ? name : trimmed));
            }
        }
        if (!anyFactory) {
            for (String name : DEFAULT_FACTORY_NAMES) {
                put(bindings, sources, name, Context.PROVIDER_URL, factory(Context.PROVIDER_URL, providerUrl));
            }
        }
        return bindings;
    }

    private static LetterboxConnectionFactory factory(String key, String url) throws ConfigurationException {
        try {
            return new LetterboxConnectionFactory(url);
        } catch (IllegalArgumentException e) {
            ConfigurationException ex = new ConfigurationException(key + ": " + e.getMessage());
            ex.setRootCause(e.getCause() != null ? e.getCause() : e);
            throw ex;
        }
    }

    private static String name(String key, String prefix) throws ConfigurationException {
        String name = LetterboxContext.normalize(key.substring(prefix.length()).strip());
        if (name.isEmpty()) {
            throw new ConfigurationException(key + ": the JNDI name after '" + prefix + "' is empty");
        }
        return name;
    }

    private static void put(Map<String, Object> bindings, Map<String, String> sources, String name, String key,
                            Object value) throws ConfigurationException {
        String previous = sources.putIfAbsent(name, key);
        if (previous != null) {
            throw new ConfigurationException("JNDI name '" + name + "' is configured twice: by " + previous + " and " + key);
        }
        bindings.put(name, value);
    }

    private static boolean startsWithIgnoreCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    private static String stringValue(Object value) {
        return value == null ? null : value.toString();
    }
}
