package org.letterbox.server.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.letterbox.client.ConnectionConfig;
import org.letterbox.client.transport.SharedEventLoopGroup;
import org.letterbox.client.transport.TransportFactory;
import org.letterbox.server.LetterboxBroker;

/**
 * {@code vm://name}: connects to the broker of that name in this JVM without a socket; with
 * {@code create=true} (the default) it starts an in-memory broker of that name if none runs yet.
 */
public final class VmTransportFactory implements TransportFactory {

    private static final SharedEventLoopGroup GROUP = new SharedEventLoopGroup(
            () -> new DefaultEventLoopGroup(0, new DefaultThreadFactory("letterbox-vm-client", true)));

    @Override
    public String scheme() {
        return "vm";
    }

    @Override
    public Channel connect(ConnectionConfig config, ChannelHandler handler) throws Exception {
        String name = config.host();
        if (VmBrokers.find(name) == null) {
            if (!config.vmCreate()) {
                throw new java.net.ConnectException("no in-VM broker named '" + name + "' is running");
            }
            VmBrokers.startIfAbsent(name, () -> LetterboxBroker.builder().port(-1).vmName(name).start());
        }
        EventLoopGroup group = GROUP.acquire();
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(LocalChannel.class)
                .handler(handler);
        try {
            Channel channel = bootstrap.connect(new LocalAddress(name)).sync().channel();
            GROUP.releaseOnClose(channel);
            return channel;
        } catch (Exception | Error e) {
            GROUP.release();
            throw e;
        }
    }
}
