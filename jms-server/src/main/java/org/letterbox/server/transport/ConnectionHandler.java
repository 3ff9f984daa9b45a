package org.letterbox.server.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import org.letterbox.protocol.Frame;
import org.letterbox.server.connection.BrokerCore;
import org.letterbox.server.connection.ServerConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/** Last handler of a broker channel: hands frames to the connection's state, and closes only this channel on faults. */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);

    private final BrokerCore core;
    private ServerConnection connection;

    ConnectionHandler(BrokerCore core) {
        this.core = core;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connection = new ServerConnection(core, ctx.channel());
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Frame frame) {
            connection.handle(frame);
        } else {
            LOG.warn("closing {}: unexpected object {}", ctx.channel().remoteAddress(), msg.getClass().getName());
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (connection != null) {
            connection.channelClosed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable reason = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (reason instanceof IOException) {
            LOG.debug("connection {} dropped: {}", ctx.channel().remoteAddress(), reason.toString());
        } else if (cause instanceof TooLongFrameException || cause instanceof DecoderException) {
            LOG.warn("closing connection {}: malformed input: {}", ctx.channel().remoteAddress(), reason.getMessage());
        } else {
            LOG.warn("closing connection {} after an error", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
