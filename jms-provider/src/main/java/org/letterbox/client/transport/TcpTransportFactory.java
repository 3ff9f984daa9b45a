package org.letterbox.client.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.letterbox.client.ConnectionConfig;
import org.letterbox.protocol.FrameDecoder;
import org.letterbox.protocol.FrameEncoder;

/** {@code tcp://host:port}: frames over a Netty socket channel. All client connections share one event loop group. */
public final class TcpTransportFactory implements TransportFactory {

    // daemon threads: an application that forgets to close a connection can still exit
    static final SharedEventLoopGroup GROUP = new SharedEventLoopGroup(
            () -> new NioEventLoopGroup(0, new DefaultThreadFactory("letterbox-client-io", true)));

    @Override
    public String scheme() {
        return "tcp";
    }

    @Override
    public Channel connect(ConnectionConfig config, ChannelHandler handler) throws Exception {
        EventLoopGroup group = GROUP.acquire();
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, config.connectTimeoutMillis()))
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(512 * 1024, 2 * 1024 * 1024))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast("frameDecoder", new FrameDecoder(config.inboundFrameLimit()))
                                .addLast("frameEncoder", FrameEncoder.INSTANCE)
                                // application threads write frame by frame (sends, acks, credit); coalesce
                                // their flushes so a burst costs one syscall, not one per frame
                                .addLast("flushConsolidation", new FlushConsolidationHandler(256, true))
                                .addLast("client", handler);
                    }
                });
        try {
            Channel channel = bootstrap.connect(config.host(), config.port()).sync().channel();
            GROUP.releaseOnClose(channel);
            return channel;
        } catch (Exception | Error e) {
            GROUP.release();
            throw e;
        }
    }
}
