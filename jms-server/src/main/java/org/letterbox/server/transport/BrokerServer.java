package org.letterbox.server.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.letterbox.protocol.FrameDecoder;
import org.letterbox.protocol.FrameEncoder;
import org.letterbox.server.connection.BrokerCore;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The broker's Netty side. Every accepted channel, TCP or in-VM, is registered on the one broker event
 * loop that owns {@link BrokerCore}; TCP channels decode frames from bytes, in-VM ones carry frame objects.
 */
public final class BrokerServer implements AutoCloseable {
    private final EventLoopGroup acceptor = new NioEventLoopGroup(1, new DefaultThreadFactory("letterbox-accept", true));
    private final EventLoopGroup brokerLoop;
    private Channel tcpChannel;
    private Channel vmChannel;

    public BrokerServer(EventLoopGroup brokerLoop) {
        this.brokerLoop = brokerLoop;
    }

    /**
     * Output a connection may have written and not yet taken off its socket before the broker stops writing to it
     * (and reading from it) until it drains: what one client that stops reading can cost the broker.
     */
    static final WriteBufferWaterMark OUTPUT_WATER_MARK = new WriteBufferWaterMark(128 * 1024, 512 * 1024);

    /**
     * Binds TCP; returns the bound address (port 0 picks a free port). A connection accepts frames of at most
     * {@code preAuthMaxFrameSize} bytes until its HELLO succeeds (the broker then raises its limit).
     */
    public InetSocketAddress bindTcp(String host, int port, BrokerCore core, int preAuthMaxFrameSize)
            throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptor, brokerLoop)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, OUTPUT_WATER_MARK)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast("frameDecoder", new FrameDecoder(preAuthMaxFrameSize))
                                .addLast("frameEncoder", FrameEncoder.INSTANCE)
                                .addLast("connection", new ConnectionHandler(core));
                    }
                });
        tcpChannel = bootstrap.bind(host, port).sync().channel();
        return ((ServerSocketChannel) tcpChannel).localAddress();
    }

    /** Binds the in-VM address {@code vm://name}: no socket, no codec. */
    public void bindVm(String name, BrokerCore core) throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(brokerLoop, brokerLoop)
                .channel(LocalServerChannel.class)
                .childHandler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel ch) {
                        ch.pipeline().addLast("connection", new ConnectionHandler(core));
                    }
                });
        vmChannel = bootstrap.bind(new LocalAddress(name)).sync().channel();
    }

    @Override
    public void close() {
        if (tcpChannel != null) {
            tcpChannel.close().syncUninterruptibly();
        }
        if (vmChannel != null) {
            vmChannel.close().syncUninterruptibly();
        }
        acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
