/**
 * The JMS 2.0 simplified API ({@link jakarta.jms.JMSContext}, {@link jakarta.jms.JMSProducer},
 * {@link jakarta.jms.JMSConsumer}) implemented purely on the classic interfaces ({@link jakarta.jms.Connection},
 * {@link jakarta.jms.Session}, {@link jakarta.jms.MessageProducer}, {@link jakarta.jms.MessageConsumer}).
 *
 * <p>Entry point: {@link org.letterbox.client.context.LetterboxJMSContext#create(java.util.concurrent.Callable, int)},
 * called by the ConnectionFactory's {@code createContext(...)} methods. Checked classic exceptions become their
 * runtime counterparts through {@link org.letterbox.client.context.JmsExceptions}.
 *
 * <p>Two optional hooks let a classic implementation give stronger guarantees than the interfaces alone allow:
 * {@link org.letterbox.client.context.ReceiveBodySupport} (receiveBody must not acknowledge a message whose body it
 * refuses) and {@link org.letterbox.client.context.SessionAcknowledgeSupport} (session-wide acknowledge without
 * holding a message).
 */
package org.letterbox.client.context;
