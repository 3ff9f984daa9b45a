package org.letterbox.client.transport;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * An event loop group shared by all client connections of one transport, alive only while a connection
 * uses it: the first connection creates it, the last one to close shuts it down. So an application (or an
 * undeployed resource adapter) that closes its connections leaves no client threads behind.
 */
public final class SharedEventLoopGroup {
    private final Supplier<EventLoopGroup> factory;
    private EventLoopGroup group;
    private int users;

    public SharedEventLoopGroup(Supplier<EventLoopGroup> factory) {
        this.factory = factory;
    }

    /** The group for a new connection; pair with {@link #releaseOnClose(Channel)} or {@link #release()}. */
    public synchronized EventLoopGroup acquire() {
        if (group == null) {
            group = factory.get();
        }
        users++;
        return group;
    }

    /** Releases the group when the channel closes. */
    public void releaseOnClose(Channel channel) {
        channel.closeFuture().addListener(f -> release());
    }

    public synchronized void release() {
        if (users > 0 && --users == 0) {
            EventLoopGroup last = group;
            group = null;
            // the quiet period still accepts the few tasks a closing channel posts late (an in-VM
            // peer's close, a close-future listener); a new connection meanwhile gets a new group
            last.shutdownGracefully(200, 2000, TimeUnit.MILLISECONDS);
        }
    }

    /** For tests: whether any connection holds the group. */
    public synchronized boolean inUse() {
        return group != null;
    }
}
