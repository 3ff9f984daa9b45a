package org.letterbox.jndi;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.letterbox.jms.LetterboxConnectionFactory;
import org.letterbox.jms.LetterboxQueue;
import org.letterbox.jms.LetterboxTopic;

import javax.naming.Binding;
import javax.naming.CompositeName;
import javax.naming.ConfigurationException;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.InvalidNameException;
import javax.naming.NameAlreadyBoundException;
import javax.naming.NameClassPair;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.NotContextException;
import javax.naming.OperationNotSupportedException;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LetterboxInitialContextFactoryTest {

    private static Hashtable<String, String> env(String... keyValues) {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, LetterboxInitialContextFactory.class.getName());
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return env;
    }

    @Test
    void initialContextFindsConfiguredFactoriesQueuesAndTopics() throws NamingException, JMSException {
        InitialContext ctx = new InitialContext(env(
                "connectionFactory.DURABLE_SUB_CONNECTION_FACTORY", "tcp://localhost:61616?clientId=cts",
                "connectionFactory.MyQueueConnectionFactory", "vm://embedded",
                "queue.MY_QUEUE", "orders",
                "topic.MY_TOPIC", "prices"));
        try {
            LetterboxConnectionFactory durable = (LetterboxConnectionFactory) ctx.lookup("DURABLE_SUB_CONNECTION_FACTORY");
            assertEquals("cts", durable.configFor().clientId());
            assertEquals(61616, durable.configFor().port());
            QueueConnectionFactory qcf = (QueueConnectionFactory) ctx.lookup("MyQueueConnectionFactory");
            assertEquals("vm", ((LetterboxConnectionFactory) qcf).configFor().scheme());

            Queue queue = (Queue) ctx.lookup("MY_QUEUE");
            assertEquals("orders", queue.getQueueName());
            assertEquals(new LetterboxQueue("orders"), queue);
            Topic topic = (Topic) ctx.lookup("MY_TOPIC");
            assertEquals("prices", topic.getTopicName());
            assertEquals(new LetterboxTopic("prices"), topic);

            assertThrows(NameNotFoundException.class, () -> ctx.lookup("ConnectionFactory"),
                    "explicit factories replace the default ones");
        } finally {
            ctx.close();
        }
    }

    @Test
    void withoutConnectionFactoryKeysTheDefaultNamesAreBoundToTheProviderUrl() throws NamingException, JMSException {
        InitialContext ctx = new InitialContext(env(Context.PROVIDER_URL, "tcp://broker:5555?consumerWindow=0"));
        Object cf = ctx.lookup("ConnectionFactory");
        assertInstanceOf(ConnectionFactory.class, cf);
        assertInstanceOf(QueueConnectionFactory.class, ctx.lookup("QueueConnectionFactory"));
        assertInstanceOf(TopicConnectionFactory.class, ctx.lookup("TopicConnectionFactory"));
        for (String name : LetterboxInitialContextFactory.DEFAULT_FACTORY_NAMES) {
            LetterboxConnectionFactory f = (LetterboxConnectionFactory) ctx.lookup(name);
            assertEquals("broker", f.configFor().host());
            assertEquals(5555, f.configFor().port());
            assertEquals(0, f.configFor().consumerWindowMessages());
        }
        assertNotSame(ctx.lookup("ConnectionFactory"), ctx.lookup("QueueConnectionFactory"),
                "setting a property on one default factory must not change the others");
    }

    @Test
    void defaultProviderUrlIsLocalhost61616() throws NamingException, JMSException {
        InitialContext ctx = new InitialContext(env());
        LetterboxConnectionFactory cf = (LetterboxConnectionFactory) ctx.lookup("ConnectionFactory");
        assertEquals("tcp://localhost:61616", cf.getBrokerUrl());
        assertEquals(new LetterboxConnectionFactory(), cf);
    }

    @Test
    void blankValuesMeanProviderUrlOrTheJndiName() throws NamingException {
        InitialContext ctx = new InitialContext(env(Context.PROVIDER_URL, "vm://x",
                "connectionFactory.CF", "", "queue.Q", " ", "topic.T", ""));
        assertEquals("vm://x", ((LetterboxConnectionFactory) ctx.lookup("CF")).getBrokerUrl());
        assertEquals(new LetterboxQueue("Q"), ctx.lookup("Q"));
        assertEquals(new LetterboxTopic("T"), ctx.lookup("T"));
    }

    @Test
    void prefixesAreCaseInsensitiveLikeQpid() throws NamingException {
        InitialContext ctx = new InitialContext(env("connectionfactory.qpidStyle", "tcp://h:1", "QUEUE.q", "q1"));
        assertInstanceOf(LetterboxConnectionFactory.class, ctx.lookup("qpidStyle"));
        assertEquals(new LetterboxQueue("q1"), ctx.lookup("q"));
    }

    @Test
    void dynamicQueuesAndTopicsNeedNoConfiguration() throws NamingException {
        InitialContext ctx = new InitialContext(env());
        assertEquals(new LetterboxQueue("any.queue"), ctx.lookup("dynamicQueues/any.queue"));
        assertEquals(new LetterboxTopic("a/b"), ctx.lookup("dynamicTopics/a/b"));
        assertEquals(new LetterboxQueue("q"), ctx.lookup(new CompositeName("dynamicQueues/q")));
        assertThrows(NameNotFoundException.class, () -> ctx.lookup("dynamicQueues/"));
    }

    @Test
    void unknownNameThrowsNameNotFoundException() throws NamingException {
        InitialContext ctx = new InitialContext(env("queue.Q", "q"));
        NameNotFoundException e = assertThrows(NameNotFoundException.class, () -> ctx.lookup("NoSuchThing"));
        assertTrue(e.getMessage().contains("NoSuchThing"), e.getMessage());
        assertThrows(NameNotFoundException.class, () -> ctx.lookup(new CompositeName("NoSuchThing")));
    }

    @Test
    void lookupByNameObjectAndWithJavaPrefixes() throws NamingException {
        InitialContext ctx = new InitialContext(env("queue.jms/queue/orders", "orders", "topic.T", "t"));
        LetterboxQueue expected = new LetterboxQueue("orders");
        assertEquals(expected, ctx.lookup("jms/queue/orders"));
        assertEquals(expected, ctx.lookup(new CompositeName("jms/queue/orders")));
        assertEquals(expected, ctx.lookup("java:comp/env/jms/queue/orders"));
        assertEquals(expected, ctx.lookup(new CompositeName("java:comp/env/jms/queue/orders")));
        assertEquals(expected, ctx.lookup("java:jms/queue/orders"));
        assertEquals(expected, ctx.lookup("java:/jms/queue/orders"));
        assertEquals(new LetterboxTopic("t"), ctx.lookup("java:comp/env/T"));
    }

    @Test
    void configuredNamesMayCarryJavaPrefixes() throws NamingException {
        InitialContext ctx = new InitialContext(env("queue.java:comp/env/jms/Q", "q"));
        assertEquals(new LetterboxQueue("q"), ctx.lookup("jms/Q"));
        assertEquals(new LetterboxQueue("q"), ctx.lookup("java:comp/env/jms/Q"));
    }

    @Test
    void listAndListBindingsShowTheRoot() throws NamingException {
        InitialContext ctx = new InitialContext(env("connectionFactory.CF", "tcp://h:1", "queue.Q", "q", "topic.T", "t"));
        Map<String, String> classes = new TreeMap<>();
        NamingEnumeration<NameClassPair> list = ctx.list("");
        while (list.hasMore()) {
            NameClassPair pair = list.next();
            classes.put(pair.getName(), pair.getClassName());
        }
        assertEquals(Map.of("CF", LetterboxConnectionFactory.class.getName(),
                "Q", LetterboxQueue.class.getName(), "T", LetterboxTopic.class.getName()), classes);

        Map<String, Object> objects = new TreeMap<>();
        NamingEnumeration<Binding> bindings = ctx.listBindings(new CompositeName());
        while (bindings.hasMore()) {
            Binding b = bindings.next();
            objects.put(b.getName(), b.getObject());
        }
        assertEquals(new LetterboxQueue("q"), objects.get("Q"));
        assertEquals(new LetterboxTopic("t"), objects.get("T"));
        assertEquals(new LetterboxConnectionFactory("tcp://h:1"), objects.get("CF"));

        assertThrows(NotContextException.class, () -> ctx.list("Q"));
        assertThrows(NameNotFoundException.class, () -> ctx.list("nothing"));
    }

    @Test
    void bindRebindUnbindAndRename() throws NamingException {
        InitialContext ctx = new InitialContext(env("queue.Q", "q"));
        LetterboxQueue other = new LetterboxQueue("other");
        ctx.bind("jms/Other", other);
        assertEquals(other, ctx.lookup("jms/Other"));
        assertEquals(other, ctx.lookup("java:comp/env/jms/Other"));
        assertThrows(NameAlreadyBoundException.class, () -> ctx.bind("Q", other));

        ctx.rebind("Q", other);
        assertEquals(other, ctx.lookup("Q"));

        ctx.rename("Q", "Renamed");
        assertEquals(other, ctx.lookup("Renamed"));
        assertThrows(NameNotFoundException.class, () -> ctx.lookup("Q"));
        assertThrows(NameNotFoundException.class, () -> ctx.rename("Q", "X"));
        assertThrows(NameAlreadyBoundException.class, () -> ctx.rename("Renamed", "jms/Other"));

        ctx.unbind("Renamed");
        assertThrows(NameNotFoundException.class, () -> ctx.lookup("Renamed"));
        ctx.unbind("Renamed"); // idempotent, as Context.unbind requires

        ctx.bind(new CompositeName("a/b"), "value");
        assertEquals("value", ctx.lookup("a/b"));
        assertThrows(InvalidNameException.class, () -> ctx.bind("", "x"));
        assertThrows(OperationNotSupportedException.class, () -> ctx.createSubcontext("sub"));
    }

    @Test
    void bindingsBelongToOneInitialContextButAreSharedWithItsDerivedContexts() throws NamingException {
        InitialContext first = new InitialContext(env());
        first.bind("X", "x");
        Context derived = (Context) first.lookup("");
        assertEquals("x", derived.lookup("X"));
        derived.bind("Y", "y");
        assertEquals("y", first.lookup("Y"));
        InitialContext second = new InitialContext(env());
        assertThrows(NameNotFoundException.class, () -> second.lookup("X"));
    }

    @Test
    void boundReferencesAreResolvedOnLookup() throws NamingException, JMSException {
        InitialContext ctx = new InitialContext(env());
        LetterboxConnectionFactory cf = new LetterboxConnectionFactory("tcp://h:2?clientId=ref");
        cf.setUser("u");
        ctx.bind("RefCF", cf.getReference());
        ctx.bind("RefQ", new LetterboxQueue("rq").getReference());
        LetterboxConnectionFactory rebuilt = (LetterboxConnectionFactory) ctx.lookup("RefCF");
        assertEquals(cf, rebuilt);
        assertEquals("ref", rebuilt.configFor().clientId());
        assertEquals(new LetterboxQueue("rq"), ctx.lookup("RefQ"));
    }

    @Test
    void invalidConfigurationFailsTheContextNamingTheKey() {
        ConfigurationException badUrl = assertThrows(ConfigurationException.class,
                () -> new InitialContext(env("connectionFactory.CF", "tcp://h?consumerWindow=-2")));
        assertTrue(badUrl.getMessage().contains("connectionFactory.CF"), badUrl.getMessage());
        assertTrue(badUrl.getMessage().contains("consumerWindow"), badUrl.getMessage());

        ConfigurationException badProvider = assertThrows(ConfigurationException.class,
                () -> new InitialContext(env(Context.PROVIDER_URL, "http://h")));
        assertTrue(badProvider.getMessage().contains(Context.PROVIDER_URL), badProvider.getMessage());

        ConfigurationException twice = assertThrows(ConfigurationException.class,
                () -> new InitialContext(env("queue.X", "a", "topic.X", "b")));
        assertTrue(twice.getMessage().contains("'X' is configured twice"), twice.getMessage());

        assertThrows(ConfigurationException.class, () -> new InitialContext(env("queue.", "a")));
    }

    @Test
    void environmentAndNamespace() throws NamingException {
        InitialContext ctx = new InitialContext(env("queue.Q", "q"));
        assertEquals("q", ctx.getEnvironment().get("queue.Q"));
        assertEquals(LetterboxInitialContextFactory.class.getName(), ctx.getEnvironment().get(Context.INITIAL_CONTEXT_FACTORY));
        assertEquals("", ctx.getNameInNamespace());
        ctx.addToEnvironment("custom", "1");
        assertEquals("1", ctx.getEnvironment().get("custom"));
        ctx.removeFromEnvironment("custom");
        assertFalse(ctx.getEnvironment().containsKey("custom"));
        Context root = (Context) ctx.lookup(""); // InitialContext.composeName does not delegate
        assertEquals("a/b", root.composeName("b", "a"));
        assertEquals(new CompositeName("a/b"), root.composeName(new CompositeName("b"), new CompositeName("a")));
        assertEquals("", root.getNameInNamespace());
    }

    @Test
    void factoryWorksWithoutInitialContextToo() throws NamingException {
        Context ctx = new LetterboxInitialContextFactory().getInitialContext(null);
        assertInstanceOf(LetterboxConnectionFactory.class, ctx.lookup("ConnectionFactory"));
        ctx.close();
    }

    /**
     * InitialContext merges every jndi.properties of the context class loader into the environment (JNDI's
     * "application resource files"), so the factory sees those keys without reading the file itself.
     */
    @Test
    void jndiPropertiesOnTheClasspathAreMergedByInitialContext(@TempDir Path dir) throws IOException, NamingException {
        Files.writeString(dir.resolve("jndi.properties"), String.join("\n",
                "java.naming.factory.initial=" + LetterboxInitialContextFactory.class.getName(),
                "queue.FromFile=file.queue",
                "connectionFactory.FileCF=tcp://filehost:1234",
                "topic.Overridden=from.file",
                ""));
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[]{dir.toUri().toURL()}, previous)) {
            Thread.currentThread().setContextClassLoader(loader);
            Hashtable<String, String> env = new Hashtable<>();
            env.put("topic.Overridden", "from.env"); // the environment wins over the file
            InitialContext ctx = new InitialContext(env);
            assertEquals(new LetterboxQueue("file.queue"), ctx.lookup("FromFile"));
            assertEquals("tcp://filehost:1234", ((LetterboxConnectionFactory) ctx.lookup("FileCF")).getBrokerUrl());
            assertEquals(new LetterboxTopic("from.env"), ctx.lookup("Overridden"));
            List<String> names = new ArrayList<>();
            NamingEnumeration<NameClassPair> list = ctx.list("");
            while (list.hasMore()) {
                names.add(list.next().getName());
            }
            assertEquals(List.of("FileCF", "FromFile", "Overridden"), names);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }
}
