package org.letterbox.client.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class SharedEventLoopGroupTest {

    @Test
    void lastReleaseShutsTheThreadsDownAndTheNextAcquireStartsAFreshGroup() throws Exception {
        SharedEventLoopGroup shared = new SharedEventLoopGroup(() -> new NioEventLoopGroup(1));
        EventLoopGroup first = shared.acquire();
        assertSame(first, shared.acquire(), "connections share one group");
        shared.release();
        assertFalse(first.isShuttingDown(), "still used by one connection");
        shared.release();
        assertTrue(first.awaitTermination(5, TimeUnit.SECONDS), "no client threads left after the last close");
        assertFalse(shared.inUse());
        EventLoopGroup second = shared.acquire();
        assertNotSame(first, second);
        shared.release();
        assertTrue(second.awaitTermination(5, TimeUnit.SECONDS));
    }

    @Test
    void closingAChannelReleasesItsHold() throws Exception {
        SharedEventLoopGroup shared = new SharedEventLoopGroup(() -> new NioEventLoopGroup(1));
        EventLoopGroup group = shared.acquire();
        EmbeddedChannel channel = new EmbeddedChannel();
        shared.releaseOnClose(channel);
        channel.close();
        assertTrue(group.awaitTermination(5, TimeUnit.SECONDS));
    }

    @Test
    void extraReleasesAreHarmless() {
        SharedEventLoopGroup shared = new SharedEventLoopGroup(() -> new NioEventLoopGroup(1));
        shared.release();
        assertFalse(shared.inUse());
    }
}
