package org.letterbox.client.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import org.letterbox.client.ConnectionConfig;

/**
 * Opens the channel a client connection talks over. Found with {@link java.util.ServiceLoader} by URL
 * scheme: the client registers {@code tcp}; the server module registers {@code vm} (in-VM, no socket),
 * so the JMS layer never knows which one it uses. The returned channel is active, carries
 * {@link org.letterbox.protocol.Frame} objects both ways, and ends with {@code handler}.
 */
public interface TransportFactory {

    String scheme();

    Channel connect(ConnectionConfig config, ChannelHandler handler) throws Exception;
}
