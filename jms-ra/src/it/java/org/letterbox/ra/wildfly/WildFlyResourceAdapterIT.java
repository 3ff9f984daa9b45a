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
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.letterbox.jms.LetterboxConnectionFactory;
import org.letterbox.server.LetterboxBroker;

import java.io.File;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * letterbox-ra.rar in a real WildFly: the broker runs in this test JVM on a free loopback port; the .rar is
 * deployed with an ironjacamar.xml pointing at it and binding a pooled connection factory with XATransaction, then
 * the MDB apps. The tests are clients: they send and receive with the plain Letterbox client (and call the XA app's
 * servlet over HTTP).
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
                  <transaction-support>XATransaction</transaction-support>
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

    /** XA: a REQUIRED session bean sending through the pooled factory (driven over HTTP) and two REQUIRED MDBs. */
    @Deployment(name = "xa", order = 3, testable = false)
    static WebArchive xaApplication() {
        return ShrinkWrap.create(WebArchive.class, "xa-app.war").addClasses(XaSenderBean.class, XaSenderBean.Outcome.class,
                XaSendServlet.class, SendThenFailMdb.class, RollbackOnlyMdb.class);
    }

    /** Deployed and undeployed by the test itself. */
    @Deployment(name = "durable", order = 4, managed = false, testable = false)
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
    void aMessageTheRequiredMdbKeepsFailingOnIsRedeliveredThenDeadLettered() throws Exception {
        try (JMSContext context = new LetterboxConnectionFactory(broker().tcpUrl()).createContext()) {
            context.createProducer().send(context.createQueue("wf.poison"), "poison");
            Message dead = context.createConsumer(context.createQueue("DLQ"), "LB_ORIG_QUEUE = 'wf.poison'").receive(60_000);
            assertNotNull(dead, "the message reached the dead-letter queue");
            assertEquals("poison", dead.getBody(String.class));
            assertEquals(10, dead.getIntProperty("LB_DELIVERY_COUNT"), "each XA attempt rolled back, redelivered up to the limit");
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

    // ------------------------------------------------------------------ XA

    /** The XA app's servlet: has {@link XaSenderBean} send {@code text} to {@code queue} and end as {@code outcome}. */
    private static String xaSend(String queue, String text, XaSenderBean.Outcome outcome) throws Exception {
        URI uri = URI.create("http://127.0.0.1:8180/xa-app/send?queue=" + queue + "&text="
                + URLEncoder.encode(text, StandardCharsets.UTF_8) + "&outcome=" + outcome);
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    @Test
    void anXaTransactionThatRollsBackSendsNothingAndOneThatCommitsSends() throws Exception {
        assertEquals("returned", xaSend("wf.xa.out", "rollback-only", XaSenderBean.Outcome.ROLLBACK_ONLY));
        assertEquals("threw", xaSend("wf.xa.out", "thrown", XaSenderBean.Outcome.THROW));
        assertEquals("returned", xaSend("wf.xa.out", "committed", XaSenderBean.Outcome.COMMIT));
        try (JMSContext context = new LetterboxConnectionFactory(broker().tcpUrl()).createContext()) {
            JMSConsumer consumer = context.createConsumer(context.createQueue("wf.xa.out"));
            assertEquals("committed", consumer.receiveBody(String.class, 10_000));
            assertNull(consumer.receiveBody(String.class, 1000), "the rolled-back transactions sent nothing");
        }
    }

    @Test
    void anMdbThatSendsAndThenThrowsSendsNothingAndItsMessageIsDeadLettered() throws Exception {
        try (JMSContext context = new LetterboxConnectionFactory(broker().tcpUrl()).createContext()) {
            context.createProducer().send(context.createQueue("wf.xa.sendfail"), "doomed");
            Message dead = context.createConsumer(context.createQueue("DLQ"), "LB_ORIG_QUEUE = 'wf.xa.sendfail'")
                    .receive(60_000);
            assertNotNull(dead, "the message reached the dead-letter queue");
            assertEquals("doomed", dead.getBody(String.class));
            assertEquals(10, dead.getIntProperty("LB_DELIVERY_COUNT"), "every attempt was rolled back and redelivered");
            assertNull(context.createConsumer(context.createQueue("wf.xa.sideeffects")).receiveBody(String.class, 1000),
                    "no attempt's send survived its rollback");
        }
    }

    @Test
    void anMdbThatOnlyMarksItsTransactionRollbackOnlyGetsTheMessageAgain() throws Exception {
        try (JMSContext context = new LetterboxConnectionFactory(broker().tcpUrl()).createContext()) {
            context.createProducer().send(context.createQueue("wf.xa.rollbackonly"), "twice");
            assertEquals("redelivered twice", context.createConsumer(context.createQueue("wf.xa.rollbackonly.out"))
                    .receiveBody(String.class, 30_000));
        }
    }
}
