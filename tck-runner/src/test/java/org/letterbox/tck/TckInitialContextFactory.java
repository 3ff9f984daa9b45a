package org.letterbox.tck;

import org.letterbox.jndi.LetterboxInitialContextFactory;
import org.letterbox.server.LetterboxBroker;

import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.spi.InitialContextFactory;
import java.util.Hashtable;

/**
 * The JNDI factory the TCK is pointed at: starts one embedded broker for the whole run (TCP on a free
 * loopback port, user j2ee/j2ee, anonymous allowed) and binds the names the suite looks up.
 */
public final class TckInitialContextFactory implements InitialContextFactory {

    private static final String[] QUEUES = {"MY_QUEUE", "MY_QUEUE2", "testQ0", "testQ1", "testQ2", "testQueue2", "Q2"};
    private static final String[] TOPICS = {"MY_TOPIC", "MY_TOPIC2", "testT0", "testT1", "testT2"};

    private static LetterboxBroker broker;

    private static synchronized String brokerUrl() throws NamingException {
        if (broker == null) {
            try {
                broker = LetterboxBroker.builder()
                        .host("127.0.0.1")
                        .port(0)
                        .user(System.getProperty("user", "j2ee"), System.getProperty("password", "j2ee"))
                        .allowAnonymous(true)
                        .start();
            } catch (Exception e) {
                NamingException failure = new NamingException("cannot start the embedded Letterbox broker");
                failure.setRootCause(e);
                throw failure;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "letterbox-tck-broker-stop"));
        }
        return broker.tcpUrl();
    }

    @Override
    public Context getInitialContext(Hashtable<?, ?> environment) throws NamingException {
        String url = brokerUrl();
        Hashtable<Object, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, LetterboxInitialContextFactory.class.getName());
        for (String cf : new String[]{"MyConnectionFactory", "MyQueueConnectionFactory", "MyTopicConnectionFactory"}) {
            env.put("connectionFactory." + cf, url);
        }
        env.put("connectionFactory.DURABLE_SUB_CONNECTION_FACTORY", url + "?clientId=cts");
        for (String queue : QUEUES) {
            env.put("queue." + queue, queue);
        }
        for (String topic : TOPICS) {
            env.put("topic." + topic, topic);
        }
        return new LetterboxInitialContextFactory().getInitialContext(env);
    }
}
