package org.letterbox.server.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import org.letterbox.protocol.Frame;
import org.letterbox.server.CriticalFailure;
import org.letterbox.server.connection.BrokerCore;
import org.letterbox.server.connection.ServerConnection;
import org.letterbox.server.util.ThrottledLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * Last handler of a broker channel: hands frames to the connection's state, and closes only this channel on faults
 * that belong to it (malformed input, a broken socket). An {@link Error} here is not the client's fault but the
 * broker's (out of memory): a {@linkplain CriticalFailure critical failure}.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);
    private static final ThrottledLog BAD_INPUT = new ThrottledLog(LOG, 20);

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
            connection.received(frame);
        } else {
            BAD_INPUT.warn("unexpected-object", "closing " + ctx.channel().remoteAddress() + ": unexpected object "
                    + msg.getClass().getName());
            ctx.close();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (connection != null) {
            connection.readComplete();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (connection != null) {
            connection.writabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
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
        if (CriticalFailure.isFatal(cause)) {
            core.critical().failed("handling connection " + ctx.channel().remoteAddress(), cause);
            ctx.close();
            return;
        }
        Throwable reason = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (reason instanceof IOException) {
            LOG.debug("connection {} dropped: {}", ctx.channel().remoteAddress(), reason.toString());
        } else if (cause instanceof TooLongFrameException || cause instanceof DecoderException) {
            BAD_INPUT.warn("malformed", "closing connection " + ctx.channel().remoteAddress() + ": malformed input: "
                    + reason.getMessage());
        } else {
            BAD_INPUT.warn("error-" + cause.getClass().getName(), "closing connection " + ctx.channel().remoteAddress()
                    + " after an error", cause);
        }
        ctx.close();
    }
}
