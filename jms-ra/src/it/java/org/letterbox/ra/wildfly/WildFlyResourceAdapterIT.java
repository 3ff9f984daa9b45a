package org.letterbox.ra.wildfly;

import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.ResourceAdapterArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.letterbox.jms.LetterboxConnectionFactory;
import org.letterbox.server.LetterboxBroker;

import java.io.File;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * letterbox-ra.rar in a real WildFly: the broker runs in this test JVM on a free loopback port; the .rar is
 * deployed with an ironjacamar.xml pointing at it and binding a pooled connection factory, then the MDB apps.
 * The tests are clients: they send and receive with the plain Letterbox client.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WildFlyResourceAdapterIT {

    private static LetterboxBroker broker;

    @ArquillianResource
    private Deployer deployer;

    /** Started by the first deployment method, which Arquillian calls before any test or @BeforeAll. */
    private static synchronized LetterboxBroker broker() throws Exception {
        if (broker == null) {
            broker = LetterboxBroker.builder().host("127.0.0.1").port(0).start();
        }
        return broker;
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Deployment(name = "ra", order = 1, testable = false)
    static ResourceAdapterArchive resourceAdapter() throws Exception {
        ResourceAdapterArchive rar = ShrinkWrap.createFromZipFile(ResourceAdapterArchive.class,
                new File(System.getProperty("letterbox.rar")));
        rar.addAsManifestResource(new StringAsset("""
                <?xml version="1.0" encoding="UTF-8"?>
                <ironjacamar xmlns="http://www.ironjacamar.org/doc/schema">
                  <config-property name="brokerUrl">%s</config-property>
                  <transaction-support>LocalTransaction</transaction-support>
                  <connection-definitions>
                    <connection-definition class-name="org.letterbox.ra.LetterboxManagedConnectionFactory"
                                           jndi-name="java:/jms/LetterboxCF" pool-name="LetterboxCF"/>
                  </connection-definitions>
                </ironjacamar>
                """.formatted(broker().tcpUrl())), "ironjacamar.xml");
        return rar;
    }

    @Deployment(name = "app", order = 2, testable = false)
    static JavaArchive application() {
        return ShrinkWrap.create(JavaArchive.class, "echo-mdb.jar").addClasses(EchoMdb.class, PoisonMdb.class);
    }

    /** Deployed and undeployed by the test itself. */
    @Deployment(name = "durable", order = 3, managed = false, testable = false)
    static JavaArchive durableSubscriber() {
        return ShrinkWrap.create(JavaArchive.class, "durable-mdb.jar").addClasses(DurableTopicMdb.class);
    }

    @Test
    void aMessageReachesTheMdbWhichAnswersThroughThePooledFactory() throws Exception {
        try (JMSContext context = new LetterboxConnectionFactory(broker().tcpUrl()).createContext()) {
            for (int i = 0; i < 5; i++) {
                context.createProducer().send(context.createQueue("wf.in"), "hello " + i);
            }
            JMSConsumer replies = context.createConsumer(context.createQueue("wf.out"));
            Set<String> got = new TreeSet<>();
            for (int i = 0; i < 5; i++) {
                got.add(replies.receiveBody(String.class, 30_000));
            }
            assertEquals(Set.of("echo: hello 0", "echo: hello 1", "echo: hello 2", "echo: hello 3", "echo: hello 4"), got);
        }
    }

    @Test
    void aMessageTheMdbKeepsFailingOnIsRedeliveredThenDeadLettered() throws Exception {
        try (JMSContext context = new LetterboxConnectionFactory(broker().tcpUrl()).createContext()) {
            context.createProducer().send(context.createQueue("wf.poison"), "poison");
            Message dead = context.createConsumer(context.createQueue("DLQ")).receive(60_000);
            assertNotNull(dead, "the message reached the dead-letter queue");
            assertEquals("poison", dead.getBody(String.class));
            assertTrue(dead.getIntProperty("LB_DELIVERY_COUNT") > 1, "it was redelivered before being dead-lettered");
        }
    }

    @Test
    void aDurableTopicMdbGetsWhatWasPublishedWhileItWasUndeployed() throws Exception {
        try (JMSContext context = new LetterboxConnectionFactory(broker().tcpUrl()).createContext()) {
            JMSConsumer forwarded = context.createConsumer(context.createQueue("wf.news.out"));
            deployer.deploy("durable");
            // the subscription exists once a ping comes through
            String got = null;
            for (int i = 0; i < 300 && got == null; i++) {
                context.createProducer().send(context.createTopic("wf.news"), "ping");
                got = forwarded.receiveBody(String.class, 100);
            }
            assertEquals("ping", got);
            deployer.undeploy("durable");
            while (forwarded.receiveBody(String.class, 500) != null) {
                // drain the pings still in flight
            }
            context.createProducer().send(context.createTopic("wf.news"), "while undeployed");
            deployer.deploy("durable");
            try {
                String received;
                do {
                    received = forwarded.receiveBody(String.class, 30_000);
                } while ("ping".equals(received));
                assertEquals("while undeployed", received);
            } finally {
                deployer.undeploy("durable");
            }
        }
    }
}
